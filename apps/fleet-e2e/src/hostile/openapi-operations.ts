/** One REST operation as the gateway's own OpenAPI document describes it. */
export interface Operation {
  method: string;
  /** The path template, e.g. `/v1/rooms/{id}/join`. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** The JSON body's properties, when the operation takes one. */
  bodyProperties?: string[];
  public: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> }; security?: unknown[] }>>;
  components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
}

/** Every operation of /openapi.json, so new routes are attacked without anyone listing them. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => {
        const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
        const schema = ref ? document.components?.schemas?.[ref.split('/').pop()!] : undefined;
        return {
          method: method.toUpperCase(),
          path,
          pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          bodyProperties: operation.requestBody ? Object.keys(schema?.properties ?? {}) : undefined,
          public: !operation.security?.length,
        };
      }),
  );
}
