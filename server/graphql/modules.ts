// Every GraphQL module of the API. Add a domain's module here.
import { coreModule } from './resolvers';
import type { GraphQLModule } from './module';
import { usersModule } from '../users/users.graphql';

export const modules: GraphQLModule[] = [coreModule, usersModule];
