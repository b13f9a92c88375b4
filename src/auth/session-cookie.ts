/** Name of the console's httpOnly session cookie (machines use the Authorization header). */
export const SESSION_COOKIE = 'labtrace_session';
