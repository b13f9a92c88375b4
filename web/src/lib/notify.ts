import { notifications } from '@mantine/notifications';
import { ApiError, errorMessage } from '../api/errors';

export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'green', title, message, autoClose: 4000 });
}

/** Shows the API's own message, so the person reads why, not a generic failure. */
export function notifyError(e: unknown, title = 'That did not work'): void {
  // An ended session is explained on the sign-in page the person is sent to.
  if (e instanceof ApiError && e.status === 401) return;
  // Closes by itself too (hovering keeps it); an error about a form is shown in the form instead.
  notifications.show({ color: 'red', title, message: errorMessage(e), autoClose: 8000 });
}
