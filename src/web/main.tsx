import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { localizeFormChecks } from "./app/form-checks.js";
import { initI18n } from "./app/i18n.js";
import { PageGuard, reloadWhenPartsAreMissing } from "./app/page-failure.js";
import { unfoldWhilePrinting } from "./app/print.js";
import { SessionProvider, useSession } from "./app/session.js";
import { Shell } from "./app/shell.js";
import { Loading } from "./app/ui.js";
import { BookPage, MunicipalityOnly } from "./register/municipality-only.js";
import { registerServiceWorker } from "./service-worker/register.js";
import "./app/styles.css";

// Pages are separate chunks: the first screen on a slow link carries only the log-in form.
const LoginPage = lazy(() => import("./pages/login.js"));
const ChooseOrganisationPage = lazy(() => import("./pages/choose-org.js"));
const HomePage = lazy(() => import("./pages/home.js"));
const UsersPage = lazy(() => import("./pages/users.js"));
const OrganisationPage = lazy(() => import("./pages/organisation.js"));
const AuditPage = lazy(() => import("./pages/audit.js"));
const SmsPage = lazy(() => import("./pages/sms.js"));
const RegisterPage = lazy(() => import("./pages/register.js"));
const NewHouseholdPage = lazy(() => import("./pages/household-new.js"));
const HouseholdPage = lazy(() => import("./pages/household.js"));
const DuplicatesPage = lazy(() => import("./pages/duplicates.js"));
const RegisterSummaryPage = lazy(() => import("./pages/register-summary.js"));
const BookImportPage = lazy(() => import("./pages/book-import.js"));
const CertificatesPage = lazy(() => import("./pages/certificates.js"));
const VerifyPage = lazy(() => import("./pages/verify.js"));
const RegisterSettingsPage = lazy(() => import("./pages/register-settings.js"));
const AllocationRunsPage = lazy(() => import("./allocation/runs.js"));
const AllocationRunPage = lazy(() => import("./allocation/run.js"));
const EquityPage = lazy(() => import("./allocation/equity.js"));
const ReadingsPage = lazy(() => import("./water/readings.js"));
const DeliveriesPage = lazy(() => import("./water/deliveries.js"));
const BalancePage = lazy(() => import("./water/balance.js"));
const GaugingPostsPage = lazy(() => import("./water/gauging-posts.js"));
const BillingCashierPage = lazy(() => import("./billing/cashier.js"));
const BillingInvoicesPage = lazy(() => import("./billing/invoices.js"));
const BillingRunsPage = lazy(() => import("./billing/runs.js"));
const BillingTariffsPage = lazy(() => import("./billing/tariffs.js"));
const BillingDebtorsPage = lazy(() => import("./billing/debtors.js"));
const BillingReportsPage = lazy(() => import("./billing/reports.js"));
const BillingDiscountsPage = lazy(() => import("./billing/discounts.js"));
const BillingSettingsPage = lazy(() => import("./billing/settings.js"));
const BillingStatementPage = lazy(() => import("./billing/statement.js"));
const StationsPage = lazy(() => import("./planning/stations.js"));
const ClimatePage = lazy(() => import("./planning/climate.js"));
const CropsPage = lazy(() => import("./planning/crops.js"));
const RequestsPage = lazy(() => import("./planning/requests.js"));
const PlanPage = lazy(() => import("./planning/plan.js"));
const NetworkTreePage = lazy(() => import("./water/network-tree.js"));
const NetworkMapPage = lazy(() => import("./water/network-map.js"));
const NetworkImportPage = lazy(() => import("./water/network-import.js"));
const WaterUsersPage = lazy(() => import("./water/users.js"));
const NewWaterUserPage = lazy(() => import("./water/user-form.js"));
const WaterUserPage = lazy(() => import("./water/user.js"));
const WaterUsersImportPage = lazy(() => import("./water/users-import.js"));
const ContractsPage = lazy(() => import("./water/contracts.js"));
const ContractPage = lazy(() => import("./water/contract.js"));
const SeasonsPage = lazy(() => import("./water/seasons.js"));
const LinkProposalsPage = lazy(() => import("./water/link-proposals.js"));

function App() {
  const { session, loading } = useSession();
  // A certificate's QR code leads here: it must open without signing in.
  if (window.location.pathname.startsWith("/verify/"))
    return (
      <Routes>
        <Route path="/verify/:code" element={<VerifyPage />} />
      </Routes>
    );
  if (loading) return <Loading />;
  if (!session) return <LoginPage />;
  if (!session.activeOrgId) return <ChooseOrganisationPage />;
  return (
    <Shell>
      <PageGuard>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/organisation" element={<OrganisationPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/sms" element={<SmsPage />} />
            <Route
              path="/register"
              element={
                <BookPage>
                  <RegisterPage />
                </BookPage>
              }
            />
            <Route
              path="/register/new"
              element={
                <MunicipalityOnly>
                  <NewHouseholdPage />
                </MunicipalityOnly>
              }
            />
            <Route
              path="/register/households/:householdId"
              element={
                <BookPage>
                  <HouseholdPage />
                </BookPage>
              }
            />
            <Route
              path="/register/duplicates"
              element={
                <BookPage>
                  <DuplicatesPage />
                </BookPage>
              }
            />
            <Route
              path="/register/summary"
              element={
                <BookPage>
                  <RegisterSummaryPage />
                </BookPage>
              }
            />
            <Route
              path="/register/import"
              element={
                <MunicipalityOnly>
                  <BookImportPage />
                </MunicipalityOnly>
              }
            />
            <Route
              path="/certificates"
              element={
                <MunicipalityOnly>
                  <CertificatesPage />
                </MunicipalityOnly>
              }
            />
            <Route
              path="/register/settings"
              element={
                <MunicipalityOnly>
                  <RegisterSettingsPage />
                </MunicipalityOnly>
              }
            />
            <Route path="/water/allocation" element={<AllocationRunsPage />} />
            <Route path="/water/allocation/:runId" element={<AllocationRunPage />} />
            <Route path="/water/equity" element={<EquityPage />} />
            <Route path="/water/readings" element={<ReadingsPage />} />
            <Route path="/water/deliveries" element={<DeliveriesPage />} />
            <Route path="/water/balance" element={<BalancePage />} />
            <Route path="/water/gauging-posts" element={<GaugingPostsPage />} />
            <Route path="/billing" element={<Navigate to="/billing/cashier" replace />} />
            <Route path="/billing/cashier" element={<BillingCashierPage />} />
            <Route path="/billing/invoices" element={<BillingInvoicesPage />} />
            <Route path="/billing/runs" element={<BillingRunsPage />} />
            <Route path="/billing/tariffs" element={<BillingTariffsPage />} />
            <Route path="/billing/debtors" element={<BillingDebtorsPage />} />
            <Route path="/billing/reports" element={<BillingReportsPage />} />
            <Route path="/billing/discounts" element={<BillingDiscountsPage />} />
            <Route path="/billing/settings" element={<BillingSettingsPage />} />
            <Route path="/billing/statement" element={<BillingStatementPage />} />
            <Route path="/billing/statement/:waterUserId" element={<BillingStatementPage />} />
            <Route path="/planning" element={<StationsPage />} />
            <Route path="/planning/stations/:stationId" element={<ClimatePage />} />
            <Route path="/planning/crops" element={<CropsPage />} />
            <Route path="/planning/requests" element={<RequestsPage />} />
            <Route path="/planning/plan" element={<PlanPage />} />
            <Route path="/water/network" element={<NetworkTreePage />} />
            <Route path="/water/map" element={<NetworkMapPage />} />
            <Route path="/water/network/import" element={<NetworkImportPage />} />
            <Route path="/register/links" element={<LinkProposalsPage />} />
            <Route path="/water" element={<WaterUsersPage />} />
            <Route path="/water/users/new" element={<NewWaterUserPage />} />
            <Route path="/water/users/import" element={<WaterUsersImportPage />} />
            <Route path="/water/users/:waterUserId" element={<WaterUserPage />} />
            <Route path="/water/contracts" element={<ContractsPage />} />
            <Route path="/water/contracts/:contractId" element={<ContractPage />} />
            <Route path="/water/seasons" element={<SeasonsPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </PageGuard>
    </Shell>
  );
}

reloadWhenPartsAreMissing();
unfoldWhilePrinting();
localizeFormChecks();
registerServiceWorker();
void initI18n().then(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <BrowserRouter>
        <SessionProvider>
          <PageGuard>
            <Suspense fallback={<Loading />}>
              <App />
            </Suspense>
          </PageGuard>
        </SessionProvider>
      </BrowserRouter>
    </StrictMode>,
  ),
);
