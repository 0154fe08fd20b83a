/** A form-level message; role="alert" so screen readers announce errors when they appear. */
export function FormMessage({
  error,
  success,
}: {
  error?: string | undefined;
  success?: string | undefined;
}) {
  if (error) {
    return (
      <p
        role="alert"
        className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
      >
        {error}
      </p>
    );
  }
  if (success) {
    return (
      <p
        role="status"
        className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
      >
        {success}
      </p>
    );
  }
  return null;
}
