import { PageHeader } from '../../ui/controls.tsx';

// Placeholder until this page is built.
export default function ProductsPage() {
  return <PageHeader title="ProductsPage" />;
}
