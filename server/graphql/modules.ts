// Every GraphQL module of the API. Add a domain's module here.
import { coreModule } from './resolvers';
import type { GraphQLModule } from './module';
import { usersModule } from '../users/users.graphql';
import { geoModules } from '../geo/geo-modules';

export const modules: GraphQLModule[] = [coreModule, usersModule, ...geoModules];
