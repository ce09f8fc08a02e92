// The GraphQL contract (documented in docs/api.md). Integrations rely on these names.
export const typeDefs = /* GraphQL */ `
  scalar JSON

  enum DefinitionStatus { DRAFT PUBLISHED RETIRED }

  type Definition {
    key: String!
    version: Int!
    kind: String!
    status: DefinitionStatus!
    title(locale: String): String!
    schema: JSON!
    createdAt: String!
    publishedAt: String
    "Number of submissions for this key, all versions."
    submissionCount: Int!
    "Every version of this key, oldest first."
    versions: [Definition!]!
  }

  type Submission {
    id: ID!
    definitionKey: String!
    definitionVersion: Int!
    geoCode: String
    period: String
    data: JSON!
    status: String!
    createdAt: String!
    updatedAt: String!
  }

  type SubmissionEdge { node: Submission! cursor: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type SubmissionConnection { edges: [SubmissionEdge!]! pageInfo: PageInfo! totalCount: Int! }

  type Grant { role: String! scope: String! }
  type Me { username: String! displayName: String! locale: String! mustChangePassword: Boolean! grants: [Grant!]! }

  "Filters for submission lists and exports. geo is an NCDD code prefix; from/to bound the period (YYYY-MM-DD)."
  input SubmissionFilter { version: Int geo: String from: String to: String }

  input SubmitInput {
    id: ID!
    definitionKey: String!
    definitionVersion: Int!
    data: JSON!
    geoCode: String
  }

  type Query {
    me: Me
    "Forms by default; kind indicator lists indicator definitions."
    definitions(status: DefinitionStatus, kind: String = "form"): [Definition!]!
    definition(key: String!, version: Int): Definition
    definitionDiff(key: String!, from: Int!, to: Int!): JSON!
    submission(id: ID!): Submission
    submissions(definitionKey: String!, first: Int, after: String, filter: SubmissionFilter): SubmissionConnection!
  }

  type Mutation {
    saveDraft(key: String!, schema: JSON!): Definition!
    "Starts (or replaces) the draft with a copy of a version: the latest by default."
    newDraft(key: String!, fromVersion: Int): Definition!
    publish(key: String!): Definition!
    retire(key: String!): Definition!
    submit(input: SubmitInput!): Submission!
    updateSubmission(id: ID!, data: JSON!, geoCode: String): Submission!
    setLocale(locale: String!): Boolean!
  }
`;
