package dev.docsauth.it;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

/**
 * The published schema of the "download my data" file (docs/data-export.schema.json, draft 2020-12), read from the
 * repository, with networknt's validator. Its {@code $id}s are mapped to docs/, so the chatbot part's schema beside
 * it resolves without the network.
 */
final class ExportSchema {

    private static final String ID_PREFIX = "https://docs-auth.dev/schemas/";
    private static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs")).toAbsolutePath().normalize();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(ID_PREFIX, DOCS.toUri().toString())));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private ExportSchema() {
    }

    /**
     * Where Keycloak's part ({@code $defs/keycloak}) breaks the schema: each problem as its location and keyword,
     * never the value there (it may be the reader's address); empty when it conforms.
     */
    static List<String> problemsOfKeycloakPart(JsonNode export) {
        return problems(FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + "data-export.schema.json#/$defs/keycloak"), CONFIG), export);
    }

    private static List<String> problems(JsonSchema schema, JsonNode document) {
        return schema.validate(document).stream()
                .map(m -> m.getInstanceLocation() + " " + m.getType() + " (" + m.getEvaluationPath() + ")")
                .sorted().collect(Collectors.toList());
    }
}
