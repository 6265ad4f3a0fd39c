package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas in {@code docs/schema/} against the documented examples and against what the
 * encoder writes, so schema, document and code agree.
 */
class SchemaTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonCodec codec = new JsonCodec();
    private final Map<String, JsonSchema> schemas = loadSchemas();

    private Map<String, JsonSchema> loadSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        Map<String, JsonSchema> result = new HashMap<>();
        try (Stream<Path> files = Files.list(ProtocolDoc.docsDir().resolve("schema"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".schema.json")).toList()) {
                String type = file.getFileName().toString().replace(".schema.json", "");
                result.put(type, factory.getSchema(mapper.readTree(file.toFile())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private Set<ValidationMessage> validate(JsonNode message) {
        String type = message.path("type").asText();
        assertThat(schemas).as("schema for " + type).containsKey(type);
        return schemas.get(type).validate(message);
    }

    @Test
    void thereIsOneSchemaPerMessageType() {
        Set<String> all = new HashSet<>(ProtocolDocTest.CLIENT_TYPES);
        all.addAll(ProtocolDocTest.SERVER_TYPES);
        assertThat(schemas.keySet()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void everyDocumentedExampleIsValidAgainstItsSchema() throws IOException {
        for (ProtocolDoc.Example example : ProtocolDoc.jsonExamples()) {
            assertThat(validate(mapper.readTree(example.json())))
                    .as("docs/protocol.md line " + example.line()).isEmpty();
        }
    }

    @Test
    void everythingTheEncoderWritesIsValidAgainstItsSchema() throws IOException {
        for (var message : Samples.clientMessages()) {
            String json = codec.encodeToString(message);
            assertThat(validate(mapper.readTree(json))).as(json).isEmpty();
        }
        for (var message : Samples.serverMessages()) {
            String json = codec.encodeToString(message);
            assertThat(validate(mapper.readTree(json))).as(json).isEmpty();
        }
    }

    @Test
    void theSchemasRefuseWhatTheCodecRefuses() throws IOException {
        String[] invalid = {
                "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":"
                        + "\"gtc\",\"qty\":\"1\"}",
                "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":"
                        + "\"gtc\",\"price\":85000,\"qty\":\"1\"}",
                "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":"
                        + "\"gtc\",\"price\":\"01\",\"qty\":\"1\"}",
                "{\"type\":\"order.cancel\",\"order_id\":1,\"client_order_id\":\"x\"}",
                "{\"type\":\"order.amend\",\"order_id\":1}",
                "{\"type\":\"subscribe\",\"topic\":\"book.btc\"}",
                "{\"type\":\"ping\",\"id\":-1}",
        };
        for (String frame : invalid) {
            assertThat(validate(mapper.readTree(frame))).as(frame).isNotEmpty();
            assertThat(codec.decodeClient(frame)).as(frame).isInstanceOf(Decoded.Invalid.class);
        }
    }
}
