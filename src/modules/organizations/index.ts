// The public face of Organizations & Users: what other modules may import.
export { OrganizationService } from './application/organization.service';
export { MembersService } from './application/members.service';
export { CurrentAuthority } from './application/current-authority';
export type { Organization, OrganizationLimits, Member, User } from './domain/organization';
export { OrganizationsModule } from './organizations.module';
