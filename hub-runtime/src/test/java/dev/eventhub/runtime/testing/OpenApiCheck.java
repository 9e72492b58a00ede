package dev.eventhub.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's OpenAPI document as a running hub serves it ({@code GET /api/openapi.json}), loaded as an
 * OpenAPI 3.1 contract (which checks it against the OpenAPI schema), and real answers of the hub checked
 * against it: status, headers and body. Shared with plugin modules (one test per plugin checks its part).
 */
public final class OpenApiCheck {
  private final TestHub hub;
  private final JsonObject document;
  private final OpenAPIContract contract;
  private final ResponseValidator validator;

  private OpenApiCheck(TestHub hub, JsonObject document, OpenAPIContract contract) {
    this.hub = hub;
    this.document = document;
    this.contract = contract;
    this.validator = ResponseValidator.create(hub.vertx(), contract);
  }

  /** Fetches the document from {@code hub} and loads it; fails when it is not a valid OpenAPI 3.1 document. */
  public static OpenApiCheck of(TestHub hub) {
    HttpResponse<Buffer> r = hub.get("/api/openapi.json", hub.adminToken());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject document = r.bodyAsJsonObject();
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    OpenAPIContract contract = TestHub.await(contract(hub.vertx(), document));
    OpenApiCheck check = new OpenApiCheck(hub, document, contract);
    check.assertValid(HttpMethod.GET, "/api/openapi.json", r);
    return check;
  }

  /**
   * {@code document} loaded as a contract, which checks it against the OpenAPI 3.1 schema. vertx-openapi 5.0
   * refuses media types it cannot validate (text/event-stream of the SSE and MCP streams, text/javascript,
   * CloudEvents' types, a binary body): the contract is made of a copy where the first of those in a content map
   * is text/plain, its schema kept (and so still checked), and the others left out. Text answers are checked
   * against the document itself ({@link #assertValid}), streams against the AsyncAPI document.
   */
  public static io.vertx.core.Future<OpenAPIContract> contract(io.vertx.core.Vertx vertx, JsonObject document) {
    JsonObject copy = document.copy();
    standInForUnsupportedMediaTypes(copy);
    return OpenAPIContract.from(vertx, copy);
  }

  private static void standInForUnsupportedMediaTypes(Object node) {
    if (node instanceof JsonObject json) {
      if (json.getValue("content") instanceof JsonObject content) {
        for (String type : List.copyOf(content.fieldNames())) {
          if (!io.vertx.openapi.contract.MediaType.isMediaTypeSupported(type)) {
            Object media = content.remove(type);
            if (!content.containsKey("text/plain")) {
              content.put("text/plain", media);
            }
          }
        }
      }
      json.forEach(entry -> standInForUnsupportedMediaTypes(entry.getValue()));
    } else if (node instanceof JsonArray array) {
      array.forEach(OpenApiCheck::standInForUnsupportedMediaTypes);
    }
  }

  public JsonObject document() {
    return document;
  }

  /** Sends a request as {@link TestHub#send} does, checks the answer against the document, returns it. */
  public HttpResponse<Buffer> send(HttpMethod method, String uri, String token, Object body) {
    HttpResponse<Buffer> r = hub.send(method, uri, token, body);
    assertValid(method, uri, r);
    return r;
  }

  /** Asserts that {@code response}, the hub's answer to {@code method uri}, is one the document describes. */
  public void assertValid(HttpMethod method, String uri, HttpResponse<Buffer> response) {
    assertValid(method, uri, response.statusCode(), response.headers(), response.body());
  }

  /** Asserts that an answer of {@code status}, {@code actual} headers and {@code body} to {@code method uri} is described. */
  public void assertValid(HttpMethod method, String uri, int status, MultiMap actual, Buffer body) {
    String path = URI.create(uri).getRawPath();
    Operation operation = contract.findOperation(path, method);
    assertThat(operation).as("the document has no operation for %s %s", method, path).isNotNull();
    Map<String, String> headers = new HashMap<>();
    actual.names().forEach(name -> headers.put(name, actual.get(name)));
    String contentType = actual.get("Content-Type");
    if (contentType != null && !contentType.startsWith("application/json") && body != null && body.length() > 0) {
      assertText(operation, status, contentType, body.toString());
      return;
    }
    ValidatableResponse answer = body == null || body.length() == 0
        ? ValidatableResponse.create(status, headers)
        : ValidatableResponse.create(status, headers, body, contentType);
    try {
      TestHub.await(validator.validate(answer, operation.getOperationId()));
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("the answer to " + method + " " + uri + " (" + status + " "
          + (body == null ? "" : body.toString()) + ") is not what operation " + operation.getOperationId()
          + " of the OpenAPI document says: " + e.getMessage(), e);
    }
  }

  // vertx-openapi validates JSON bodies only: a text answer (Prometheus' format, a plugin's text) is checked
  // here, its status and media type declared and its text valid against the media type's schema.
  private void assertText(Operation operation, int status, String contentType, String text) {
    JsonObject responses = document.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
        .getJsonObject(operation.getHttpMethod().name().toLowerCase(java.util.Locale.ROOT)).getJsonObject("responses");
    JsonObject response = responses.getJsonObject(Integer.toString(status), responses.getJsonObject("default"));
    assertThat(response).as("%s declares status %s", operation.getOperationId(), status).isNotNull();
    if (response.containsKey("$ref")) {
      response = (JsonObject) io.vertx.core.json.pointer.JsonPointer.from(response.getString("$ref").substring(1))
          .queryJson(document);
    }
    String mediaType = contentType.split(";")[0].trim();
    JsonObject media = response.getJsonObject("content", new JsonObject()).getJsonObject(mediaType);
    assertThat(media).as("%s declares %s for %s", operation.getOperationId(), mediaType, status).isNotNull();
    var result = io.vertx.json.schema.Validator.create(io.vertx.json.schema.JsonSchema.of(media.getJsonObject("schema")),
        new io.vertx.json.schema.JsonSchemaOptions().setDraft(io.vertx.json.schema.Draft.DRAFT202012)
            .setBaseUri("https://hub.invalid/")).validate(text);
    if (!result.getValid()) {
      throw new AssertionError("the " + status + " answer of " + operation.getOperationId() + " is not what the "
          + "OpenAPI document says: " + result.getErrors());
    }
  }

  /**
   * Asserts that every path prefix a plugin has mounted ({@code routes} of {@code GET /api/plugins}) is in
   * the document: some path is the prefix or below it.
   */
  public void assertEveryMountDocumented() {
    assertThat(undocumentedMounts()).as("route families mounted by plugins, missing from the OpenAPI document")
        .isEmpty();
  }

  /** The mounted prefixes, as {@code plugin prefix}, that no path of the document is or is below. */
  public List<String> undocumentedMounts() {
    return undocumentedMounts(document, hub.get("/api/plugins", hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins"));
  }

  /**
   * The mounted prefixes ({@code routes} of each entry of {@code plugins}, as {@code GET /api/plugins}
   * answers), as {@code plugin prefix}, that no path of {@code document} is or is below.
   */
  public static List<String> undocumentedMounts(JsonObject document, JsonArray plugins) {
    List<String> missing = new ArrayList<>();
    for (Object p : plugins) {
      JsonObject plugin = (JsonObject) p;
      for (Object prefix : plugin.getJsonArray("routes", new JsonArray())) {
        boolean documented = document.getJsonObject("paths").fieldNames().stream()
            .anyMatch(path -> path.equals(prefix) || path.startsWith(prefix + "/"));
        if (!documented) {
          missing.add(plugin.getString("name") + " " + prefix);
        }
      }
    }
    return missing;
  }
}
