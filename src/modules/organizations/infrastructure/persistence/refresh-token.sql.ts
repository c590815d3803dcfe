/** Across organizations, so through the SECURITY DEFINER function of migration EndUserSessions (for the transaction's own user only). */
export const END_ALL_SESSIONS_OF_CURRENT_USER = 'select auth_end_user_sessions() as ended';
