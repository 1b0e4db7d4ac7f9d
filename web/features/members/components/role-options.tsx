/** The project roles as <option>s, for the Role select of the add-member and add-group dialogs. */
import { ROLES } from '../../../lib/roles';

export function RoleOptions() {
  return ROLES.map((role) => (
    <option key={role.id} value={role.id}>
      {role.label}
    </option>
  ));
}
