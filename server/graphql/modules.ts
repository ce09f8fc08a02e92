// Every GraphQL module of the API. Add a domain's module here.
import { coreModule } from './resolvers';
import type { GraphQLModule } from './module';
import { usersModule } from '../users/users.graphql';
import { geoModules } from '../geo/geo-modules';
import { indicatorsModule } from '../indicators/indicators.graphql';
import { syncModule } from '../submissions/sync.graphql';

export const modules: GraphQLModule[] = [coreModule, usersModule, ...geoModules, indicatorsModule, syncModule];
