import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "../../domain/places/units.js";
import { api, ROLES, type Role, type User } from "../app/api.js";
import { formatDate } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  Check,
  EmptyState,
  Field,
  FormActions,
  LanguageOptions,
  Loaded,
  useLoad,
  useSubmit,
} from "../app/ui.js";

export default function UsersPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const users = useLoad(() => api<User[]>("GET", "/api/users"), "users");
  const [editing, setEditing] = useState<User | "new" | "existing" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const locale = currentLocale();
  const done = (message: string | null) => {
    setEditing(null);
    setNotice(message);
    users.reload();
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t("users.title")}</h1>
        {can("users.manage") && (
          <div className="actions">
            <button type="button" onClick={() => setEditing("existing")}>
              {t("users.addExisting")}
            </button>
            <button type="button" className="primary" onClick={() => setEditing("new")}>
              {t("users.add")}
            </button>
          </div>
        )}
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {editing === "existing" ? (
        <ExistingUserForm onDone={done} onCancel={() => setEditing(null)} />
      ) : (
        editing && (
          <UserForm
            user={editing === "new" ? null : editing}
            onDone={done}
            onCancel={() => setEditing(null)}
          />
        )
      )}
      <Loaded state={users}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("users.username")}</th>
                    <th>{t("users.displayName")}</th>
                    <th>{t("users.roles")}</th>
                    <th>{t("users.status")}</th>
                    <th>{t("users.createdAt")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((u) => (
                    <tr key={u.id}>
                      <td>
                        {u.username}
                        {!u.managedHere && <small className="muted"> ({t("users.fromElsewhere")})</small>}
                      </td>
                      <td>{u.displayName}</td>
                      <td>{u.roles.map((r) => t(`role.${r}`)).join(", ")}</td>
                      <td>
                        {u.disabledAt
                          ? t("users.disabled")
                          : u.lockedUntil && new Date(u.lockedUntil) > new Date()
                            ? t("users.locked")
                            : t("users.active")}
                      </td>
                      <td>{formatDate(u.createdAt, locale)}</td>
                      <td>
                        {can("users.manage") && (
                          <button type="button" onClick={() => setEditing(u)}>
                            {t("common.edit")}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

function UserForm({
  user,
  onDone,
  onCancel,
}: {
  user: User | null;
  onDone: (notice: string | null) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(user?.username ?? "");
  const [displayName, setDisplayName] = useState(user?.displayName ?? "");
  const [password, setPassword] = useState("");
  const [locale, setLocale] = useState<Locale>(user?.locale ?? "ky");
  const [roles, setRoles] = useState<Role[]>(user?.roles ?? []);
  const [disabled, setDisabled] = useState(Boolean(user?.disabledAt));
  const { send, fields: fieldErrors, message, busy } = useSubmit(() => {});
  // A login from another organisation: its own settings are its home's, only its roles are ours.
  const ownSettings = !user || user.managedHere;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!user) {
      const created = await send<User>("POST", "/api/users", {
        username,
        displayName,
        password,
        locale,
        roles,
      });
      if (created) onDone(t("users.created", { username: created.username }));
      return;
    }
    const saved = await send<User>(
      "PATCH",
      `/api/users/${user.id}`,
      ownSettings
        ? { version: user.version, displayName, locale, roles, disabled, ...(password ? { password } : {}) }
        : { version: user.version, roles },
    );
    if (saved) onDone(null);
  }

  async function removeHere(leaving: User) {
    const left = await send<User>("PATCH", `/api/users/${leaving.id}`, {
      version: leaving.version,
      roles: [],
    });
    if (left) onDone(t("users.removedHere", { username: leaving.username }));
  }

  return (
    <form className="card form" onSubmit={submit} aria-label={user ? t("common.edit") : t("users.add")}>
      {!ownSettings && <p className="notice">{t("users.managedElsewhere")}</p>}
      <div className="form-grid">
        <Field label={t("users.username")} error={fieldErrors.username}>
          <input
            name="username"
            value={username}
            disabled={Boolean(user)}
            autoCapitalize="none"
            required
            onChange={(e) => setUsername(e.target.value)}
          />
        </Field>
        <Field label={t("users.displayName")} error={fieldErrors.displayName}>
          <input
            name="displayName"
            value={displayName}
            disabled={!ownSettings}
            required
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </Field>
        {ownSettings && (
          <Field label={t("users.password")} error={fieldErrors.password}>
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              required={!user}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
        )}
        <Field label={t("users.locale")} error={fieldErrors.locale}>
          <select
            name="locale"
            value={locale}
            disabled={!ownSettings}
            onChange={(e) => setLocale(e.target.value as Locale)}
          >
            <LanguageOptions />
          </select>
        </Field>
      </div>
      <RoleChecks roles={roles} onChange={setRoles} error={fieldErrors.roles} />
      {user && ownSettings && (
        <Check checked={disabled} onChange={setDisabled}>
          {t("users.disabled")}
        </Check>
      )}
      {message}
      <FormActions saving={busy} onCancel={onCancel}>
        {user && !ownSettings && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              window.confirm(t("users.confirmRemoveHere", { username: user.username })) && removeHere(user)
            }
          >
            {t("users.removeHere")}
          </button>
        )}
      </FormActions>
    </form>
  );
}

function RoleChecks({
  roles,
  onChange,
  error,
}: {
  roles: Role[];
  onChange: (roles: Role[]) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="roles">
      <legend>{t("users.roles")}</legend>
      {ROLES.map((r) => (
        <label key={r} className="check">
          <input
            type="checkbox"
            name="roles"
            value={r}
            checked={roles.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
          />
          {t(`role.${r}`)}
        </label>
      ))}
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}

/** Roles here for a login of another organisation, found by its username. */
function ExistingUserForm({ onDone, onCancel }: { onDone: (notice: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState("");
  const [roles, setRoles] = useState<Role[]>([]);
  const { send, fields, message, busy } = useSubmit(() => {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const added = await send<User>("POST", "/api/users/existing", { username, roles });
    if (added) onDone(t("users.addedExisting", { username: added.username }));
  }

  return (
    <form className="card form" onSubmit={submit} aria-label={t("users.addExisting")}>
      <p className="muted">{t("users.addExistingHint")}</p>
      <div className="form-grid">
        <Field label={t("users.username")} error={fields.username}>
          <input
            name="username"
            value={username}
            autoCapitalize="none"
            required
            onChange={(e) => setUsername(e.target.value)}
          />
        </Field>
      </div>
      <RoleChecks roles={roles} onChange={setRoles} error={fields.roles} />
      {message}
      <FormActions saving={busy} onCancel={onCancel} />
    </form>
  );
}
