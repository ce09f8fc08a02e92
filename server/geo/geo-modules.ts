// The GraphQL modules of geography and service providers, registered together in graphql/modules.ts.
import type { GraphQLModule } from '../graphql/module';
import { providersModule } from '../providers/providers.graphql';
import { geoModule } from './geo.graphql';

export const geoModules: GraphQLModule[] = [geoModule, providersModule];
