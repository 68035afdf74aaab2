package io.winnow.dsl;

import java.util.regex.Pattern;

/** Layer-name patterns: {@code *} any run of characters, {@code ?} one character, nothing else special. */
public final class Glob {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-/*?]+");

    private Glob() {
    }

    public static boolean isValid(String pattern) {
        return VALID.matcher(pattern).matches();
    }

    public static boolean matches(String pattern, String name) {
        return matches(pattern, 0, name, 0);
    }

    private static boolean matches(String p, int i, String s, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                for (int k = j; k <= s.length(); k++) {
                    if (matches(p, i + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= s.length() || (c != '?' && c != s.charAt(j))) {
                return false;
            }
            i++;
            j++;
        }
        return j == s.length();
    }

    public static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }
}
