import { LoaderCircle } from 'lucide-react';
import { API_STARTING_MESSAGE } from '@/lib/api-status';

/** Said while the API behind the dashboard is not up yet; the page keeps trying by itself. */
export function ApiStarting() {
  return (
    <p role="status" className="flex items-center gap-2 rounded-md bg-muted px-3 py-2 text-sm text-muted-foreground">
      <LoaderCircle className="h-4 w-4 animate-spin" aria-hidden />
      {API_STARTING_MESSAGE}
    </p>
  );
}
