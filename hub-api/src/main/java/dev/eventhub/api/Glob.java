package dev.eventhub.api;

/**
 * The glob patterns of the protocol: {@code *} stands for any run of characters (also none), every
 * other character for itself. {@code schedule-*} matches {@code schedule-executed}; {@code *}
 * matches everything.
 */
public final class Glob {
  private Glob() {}

  /** Whether {@code value} matches {@code pattern}. */
  public static boolean matches(String pattern, String value) {
    if (pattern.indexOf('*') < 0) {
      return pattern.equals(value);
    }
    return matchFrom(pattern, 0, pattern.length(), value, 0);
  }

  /**
   * Whether {@code value} matches the part of {@code pattern} from {@code from} (inclusive) to {@code
   * to} (exclusive), without copying it out: for patterns embedded in a scope.
   */
  static boolean matches(String pattern, int from, int to, String value) {
    return matchFrom(pattern, from, to, value, 0);
  }

  /** Whether {@code pattern} holds a {@code *}. */
  public static boolean isGlob(String pattern) {
    return pattern.indexOf('*') >= 0;
  }

  /**
   * Whether every value that {@code requested} can match is also matched by {@code granted}: a
   * literal is covered when the granted glob matches it; a glob when the granted one is {@code *},
   * the same glob, or a {@code prefix*} whose prefix starts the requested glob's literal prefix.
   * Conservative: a {@code false} may deny a pattern that is in fact covered, never the reverse.
   */
  public static boolean covers(String granted, String requested) {
    if (!isGlob(requested)) {
      return matches(granted, requested);
    }
    if (granted.equals("*") || granted.equals(requested)) {
      return true;
    }
    int star = granted.indexOf('*');
    boolean prefixGlob = star == granted.length() - 1;
    String requestedPrefix = requested.substring(0, requested.indexOf('*'));
    return prefixGlob && requestedPrefix.startsWith(granted.substring(0, star));
  }

  // Iterative matching with one backtrack point: linear in practice, no regex compilation.
  private static boolean matchFrom(String p, int pi, int pEnd, String v, int vi) {
    int starP = -1;
    int starV = -1;
    while (vi < v.length()) {
      if (pi < pEnd && p.charAt(pi) == '*') {
        starP = pi++;
        starV = vi;
      } else if (pi < pEnd && p.charAt(pi) == v.charAt(vi)) {
        pi++;
        vi++;
      } else if (starP >= 0) {
        pi = starP + 1;
        vi = ++starV;
      } else {
        return false;
      }
    }
    while (pi < pEnd && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == pEnd;
  }
}
