import type { Metadata } from 'next';
import { NotFoundPage } from '@/components/not-found-page';

export const metadata: Metadata = { title: 'Page not found · PayOS Dashboard' };

/** Any URL the dashboard does not have: the branded 404 with a way back, not the framework's. */
export default function NotFound() {
  return <NotFoundPage />;
}
