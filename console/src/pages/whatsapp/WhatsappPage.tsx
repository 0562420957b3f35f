import { PageHeader } from '../../ui/controls.tsx';

// Placeholder until this page is built.
export default function WhatsappPage() {
  return <PageHeader title="WhatsappPage" />;
}
