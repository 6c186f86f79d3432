// In every test worker, as in the server: the collaboration engine is reachable from the application, so a
// fact recorded straight through a module appears in the meeting's room as it would in production.
import { installRoomEngines } from '../../server/engine';

installRoomEngines();
