// GraphQL for geography: pickers (children of a parent, a level, a search, optionally only the user's
// area), one unit, and its ancestors for breadcrumbs.
import type { GraphQLContext } from '../graphql/context';
import type { GraphQLModule } from '../graphql/module';
import type { Resolvers } from '../graphql/generated/resolvers-types';
import { getGeoPath, getGeoUnit, listGeoUnits, type GeoUnitsArgs } from './geo.service';
import type { GeoUnitRow } from '../db/schema';

const typeDefs = /* GraphQL */ `
  type GeoUnit {
    code: String!
    level: String!
    nameKm: String!
    nameEn: String!
    parentCode: String
    unitTypeKm: String!
    unitTypeEn: String!
    lat: Float
    lng: Float
    retired: Boolean!
  }
  extend type Query {
    geoUnits(parent: String, level: String, search: String, includeRetired: Boolean, inMyArea: Boolean): [GeoUnit!]!
    geoUnit(code: String!): GeoUnit
    geoPath(code: String!): [GeoUnit!]!
  }
`;

export function geoUnitOut(row: GeoUnitRow) {
  return {
    code: row.code,
    level: row.level,
    nameKm: row.name_km,
    nameEn: row.name_en,
    parentCode: row.parent_code,
    unitTypeKm: row.unit_type_km,
    unitTypeEn: row.unit_type_en,
    lat: row.lat,
    lng: row.lng,
    retired: row.retired_at !== null,
  };
}

const resolvers: Resolvers = {
  Query: {
    geoUnits: async (_root, args, ctx) => (await listGeoUnits(ctx.services.db, ctx.actor, args)).map(geoUnitOut),
    geoUnit: async (_root, args, ctx) => {
      const row = await getGeoUnit(ctx.services.db, ctx.actor, args.code);
      return row && geoUnitOut(row);
    },
    geoPath: async (_root, args, ctx) => (await getGeoPath(ctx.services.db, ctx.actor, args.code)).map(geoUnitOut),
  },
};

export const geoModule: GraphQLModule = { typeDefs, resolvers };
