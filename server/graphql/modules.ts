// Every GraphQL module of the API, in schema order. Add a domain's module here (docs/architecture.md).
import type { GraphQLModule } from './module';
import { baseModule } from './base';
import { definitionsModule } from '../definitions/definitions.graphql';
import { submissionsModule } from '../submissions/submissions.graphql';
import { usersModule } from '../users/users.graphql';
import { geoModule } from '../geo/geo.graphql';
import { providersModule } from '../providers/providers.graphql';
import { indicatorsModule } from '../indicators/indicators.graphql';
import { syncModule } from '../submissions/sync.graphql';
import { helpModule } from '../help/help.graphql';
import { reportsModule } from '../reports/reports.graphql';
import { trainingModule } from '../submissions/training.graphql';
import { reviewModule } from '../submissions/review.graphql';
import { apiTokensModule } from '../auth/api-tokens.graphql';
import { webhooksModule } from '../webhooks/webhooks.graphql';

export const modules: GraphQLModule[] = [baseModule, definitionsModule, submissionsModule, usersModule, geoModule, providersModule, indicatorsModule, syncModule, helpModule, trainingModule, reviewModule, apiTokensModule, webhooksModule, reportsModule];
