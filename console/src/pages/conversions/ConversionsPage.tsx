import { PageHeader } from '../../ui/controls.tsx';

// Placeholder until this page is built.
export default function ConversionsPage() {
  return <PageHeader title="ConversionsPage" />;
}
