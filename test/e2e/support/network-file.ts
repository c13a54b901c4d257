/** A GeoJSON outlet on canal Р-4 of the demo's network, for the pages that import a network file. */
export function outletOnR4(number: number, capacityLps: number) {
  return {
    type: "Feature",
    geometry: {
      type: "LineString",
      coordinates: [
        [74.631, 42.479],
        [74.637, 42.478],
      ],
    },
    properties: {
      layer: "reach",
      code: `СБ-4-${number}`,
      name: `Р-4 каналындагы ${number}-суу бөлгүч`,
      parentCode: "Р-4",
      kind: "outlet",
      capacityLps,
      efficiency: 0.95,
    },
  };
}

/** The features as a GeoJSON file for setInputFiles. */
export const geojsonFile = (features: unknown[]) => ({
  name: "network.geojson",
  mimeType: "application/geo+json",
  buffer: Buffer.from(JSON.stringify({ type: "FeatureCollection", features })),
});
