package dev.eventhub.kit.auth;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials where they would be shown: every header value of a call the hub makes on
 * someone's behalf, the user information of a URL ({@code https://user:pass@host}) and URL query
 * parameters whose names say they hold a secret ({@code token}, {@code api_key}, {@code
 * password}...). The mask is {@value #MASK}. The original stays only where the call is made.
 */
public final class Redact {
  /** What a masked value shows as. */
  public static final String MASK = "***";

  // scheme://userinfo@ ; the userinfo runs to the last '@' before the path, query or fragment.
  private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");
  private static final Set<String> SECRET_NAMES = Set.of("token", "access_token", "accesstoken", "refresh_token",
      "id_token", "secret", "client_secret", "password", "passwd", "pwd", "pass", "key", "apikey", "api_key",
      "api-key", "sig", "signature", "auth", "authorization", "credential", "credentials", "code", "session",
      "sessionid", "x-api-key");

  private Redact() {}

  /** A copy of {@code headers} with every value {@value #MASK}: a header is as likely a credential as not. */
  public static JsonObject headers(JsonObject headers) {
    JsonObject masked = new JsonObject();
    if (headers != null) {
      for (Map.Entry<String, Object> h : headers) {
        masked.put(h.getKey(), MASK);
      }
    }
    return masked;
  }

  /**
   * {@code url} with its user information and secret-looking query values replaced by {@value
   * #MASK}; a URL without either is returned as it is.
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String shown = url;
    Matcher m = USERINFO.matcher(shown);
    if (m.find()) {
      shown = m.group(1) + MASK + "@" + shown.substring(m.end());
    }
    return query(shown);
  }

  /** Whether {@code url} holds user information ({@code user:pass@}). */
  public static boolean hasUserInfo(String url) {
    return url != null && USERINFO.matcher(url).find();
  }

  private static String query(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return url;
    }
    int hash = url.indexOf('#', q);
    String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
    StringBuilder out = new StringBuilder(url.length()).append(url, 0, q + 1);
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      if (eq > 0 && SECRET_NAMES.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))) {
        out.append(pair, 0, eq + 1).append(MASK);
      } else {
        out.append(pair);
      }
    }
    return hash < 0 ? out.toString() : out.append(url, hash, url.length()).toString();
  }
}
