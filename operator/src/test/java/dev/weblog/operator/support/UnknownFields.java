package dev.weblog.operator.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8 and Strimzi models keep unknown properties in an {@code additionalProperties} map instead of failing;
 * this finds every non-empty one, so a strict read can fail on them.
 */
public final class UnknownFields {

  private UnknownFields() {}

  public static List<String> in(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "$", found, new IdentityHashMap<>());
    return found;
  }

  private static void walk(Object node, String path, List<String> found, Map<Object, Boolean> seen) {
    if (node == null || seen.put(node, true) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
      return;
    }
    String pkg = node.getClass().getPackageName();
    if (!(pkg.startsWith("io.fabric8") || pkg.startsWith("io.strimzi") || pkg.startsWith("dev.weblog"))
        || node.getClass().isEnum()) {
      return;
    }
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        Object value;
        try {
          value = f.get(node);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (f.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          found.add(path + " has unknown " + extra.keySet());
        } else {
          walk(value, path + "." + f.getName(), found, seen);
        }
      }
    }
  }
}
