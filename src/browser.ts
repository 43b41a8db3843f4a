import { SessionSecurity } from './session-security';

export default SessionSecurity;
