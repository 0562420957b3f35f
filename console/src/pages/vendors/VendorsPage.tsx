import { PageHeader } from '../../ui/controls.tsx';

// Placeholder until this page is built.
export default function VendorsPage() {
  return <PageHeader title="VendorsPage" />;
}
