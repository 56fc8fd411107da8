package dev.weblog.common.generator;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A shift of the live lines, so drift monitoring can be tried on a change whose size is known: from live row
 * {@code atLine} on, the lines come from a shifted world (see {@link DriftedWorld}), the same for a seed.
 *
 * @param atLine the first live row from the shifted world, counted from 1 without the header
 * @param kinds what shifts, at least one
 */
public record Drift(long atLine, Set<Kind> kinds) {

  /** What a drift changes. */
  public enum Kind {
    /** In some age groups the two genders swap their category preferences. */
    PREFERENCES,
    /** The label mix of the visits: one gender and one end of the age range visit more often. */
    LABELS,
    /** New product categories, with ids history never used, take a share of every group's visits. */
    CATEGORIES;

    /** The name on command lines and in ground-truth.json. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Every kind at once, as command lines ask for it. */
  public static final String ALL = "all";

  public Drift {
    if (atLine < 1) {
      throw new IllegalArgumentException("drift line must be 1 or more (the first live row is 1), got " + atLine);
    }
    if (kinds == null || kinds.isEmpty()) {
      throw new IllegalArgumentException("a drift needs at least one kind of " + known());
    }
    kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
  }

  /** Kinds by their ids ({@value #ALL} for every kind), as on command lines. */
  public static Set<Kind> kinds(Collection<String> ids) {
    Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    for (String id : ids) {
      if (id.equals(ALL)) {
        kinds.addAll(EnumSet.allOf(Kind.class));
        continue;
      }
      kinds.add(Arrays.stream(Kind.values()).filter(k -> k.id().equals(id)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown drift kind '" + id + "'; kinds are "
              + known() + " and " + ALL)));
    }
    return kinds;
  }

  private static String known() {
    return Arrays.stream(Kind.values()).map(Kind::id).collect(Collectors.joining(", "));
  }

  /** The index of the first shifted row among the live rows, counted from 0. */
  long firstShiftedRow() {
    return atLine - 1;
  }
}
