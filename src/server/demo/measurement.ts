// The season of measurement lives in the water area, which owns the tables it writes.
export { loadDemoMeasurement } from "../water/demo-season.js";
