import { UsersSection } from './UsersSection.tsx';
import { SystemSection } from './SystemSection.tsx';

export function AdminPage() {
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      <SystemSection />
      <UsersSection />
    </section>
  );
}
