import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { initI18n } from "./app/i18n.js";
import { SessionProvider, useSession } from "./app/session.js";
import { Shell } from "./app/shell.js";
import { Loading } from "./app/ui.js";
import "./app/styles.css";

// Pages are separate chunks: the first screen on a slow link carries only the log-in form.
const LoginPage = lazy(() => import("./pages/login.js"));
const ChooseOrganisationPage = lazy(() => import("./pages/choose-org.js"));
const HomePage = lazy(() => import("./pages/home.js"));
const UsersPage = lazy(() => import("./pages/users.js"));
const OrganisationPage = lazy(() => import("./pages/organisation.js"));
const AuditPage = lazy(() => import("./pages/audit.js"));
const RegisterPage = lazy(() => import("./pages/register.js"));
const NewHouseholdPage = lazy(() => import("./pages/household-new.js"));
const HouseholdPage = lazy(() => import("./pages/household.js"));
const DuplicatesPage = lazy(() => import("./pages/duplicates.js"));
const BookImportPage = lazy(() => import("./pages/book-import.js"));
const CertificatesPage = lazy(() => import("./pages/certificates.js"));
const VerifyPage = lazy(() => import("./pages/verify.js"));
const RegisterSettingsPage = lazy(() => import("./pages/register-settings.js"));
const WaterUsersPage = lazy(() => import("./water/users.js"));
const NewWaterUserPage = lazy(() => import("./water/user-form.js"));
const WaterUserPage = lazy(() => import("./water/user.js"));
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
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/organisation" element={<OrganisationPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/register/new" element={<NewHouseholdPage />} />
          <Route path="/register/households/:householdId" element={<HouseholdPage />} />
          <Route path="/register/duplicates" element={<DuplicatesPage />} />
          <Route path="/register/import" element={<BookImportPage />} />
          <Route path="/certificates" element={<CertificatesPage />} />
          <Route path="/register/settings" element={<RegisterSettingsPage />} />
          <Route path="/register/links" element={<LinkProposalsPage />} />
          <Route path="/water" element={<WaterUsersPage />} />
          <Route path="/water/users/new" element={<NewWaterUserPage />} />
          <Route path="/water/users/:waterUserId" element={<WaterUserPage />} />
          <Route path="/water/contracts" element={<ContractsPage />} />
          <Route path="/water/contracts/:contractId" element={<ContractPage />} />
          <Route path="/water/seasons" element={<SeasonsPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

void initI18n().then(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <BrowserRouter>
        <SessionProvider>
          <Suspense fallback={<Loading />}>
            <App />
          </Suspense>
        </SessionProvider>
      </BrowserRouter>
    </StrictMode>,
  ),
);
