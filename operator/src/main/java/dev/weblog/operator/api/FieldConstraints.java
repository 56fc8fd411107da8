package dev.weblog.operator.api;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the constraints the CRD generator turns into OpenAPI (required, pattern, minimum, maximum, size) by
 * reading the same annotations, so the Java side cannot drift from the schema.
 */
final class FieldConstraints {

  private FieldConstraints() {}

  static void check(Object node, String path, List<String> problems) {
    for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object value;
        try {
          value = field.get(node);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot read " + path + "." + field.getName(), e);
        }
        checkField(field, value, path + "." + field.getName(), problems);
      }
    }
  }

  private static void checkField(Field field, Object value, String where, List<String> problems) {
    if (value == null) {
      if (field.isAnnotationPresent(Required.class)) {
        problems.add(where + " is required");
      } else if (field.getType().isEnum()) {
        problems.add(where + " must be set (null is not one of its values)");
      }
      return;
    }
    Pattern pattern = field.getAnnotation(Pattern.class);
    if (pattern != null && !java.util.regex.Pattern.compile(pattern.value()).matcher(value.toString()).find()) {
      problems.add(where + " '" + value + "' does not match " + pattern.value());
    }
    Min min = field.getAnnotation(Min.class);
    if (min != null && value instanceof Number n && n.doubleValue() < min.value()) {
      problems.add(where + " is " + value + ", less than the minimum " + min.value());
    }
    Max max = field.getAnnotation(Max.class);
    if (max != null && value instanceof Number n && n.doubleValue() > max.value()) {
      problems.add(where + " is " + value + ", more than the maximum " + max.value());
    }
    Size size = field.getAnnotation(Size.class);
    if (size != null && value instanceof Collection<?> list
        && (list.size() < size.min() || list.size() > size.max())) {
      problems.add(where + " has " + list.size() + " items; between " + size.min() + " and " + size.max()
          + " are allowed");
    }
    if (value instanceof Collection<?> list && list.stream().anyMatch(Objects::isNull)) {
      problems.add(where + " contains an empty item");
    }
    Pattern itemPattern = itemPattern(field);
    if (itemPattern != null && value instanceof Collection<?> list) {
      java.util.regex.Pattern regex = java.util.regex.Pattern.compile(itemPattern.value());
      list.stream().filter(Objects::nonNull).filter(item -> !regex.matcher(item.toString()).find()).forEach(
          item -> problems.add(where + " item '" + item + "' does not match " + itemPattern.value()));
    }
    if (value instanceof Map<?, ?> map && map.values().stream().anyMatch(Objects::isNull)) {
      problems.add(where + " has a key without a value");
    }
    if (value.getClass().getPackageName().equals(FieldConstraints.class.getPackageName())
        && !value.getClass().isEnum()) {
      check(value, where, problems);
    }
  }

  /** {@code List<@Pattern(...) String>}: the generator puts the pattern on the items, and so does this check. */
  private static Pattern itemPattern(Field field) {
    if (field.getAnnotatedType() instanceof AnnotatedParameterizedType type
        && type.getAnnotatedActualTypeArguments().length == 1) {
      return type.getAnnotatedActualTypeArguments()[0].getAnnotation(Pattern.class);
    }
    return null;
  }
}
