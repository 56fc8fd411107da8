package dev.weblog.operator.builders;

import java.util.Map;
import java.util.TreeMap;

/** Writes Hadoop's {@code *-site.xml} format, keys sorted so the ConfigMap is byte-stable. */
final class HadoopXml {

  private HadoopXml() {}

  static String of(Map<String, String> properties) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n");
    new TreeMap<>(properties).forEach((name, value) -> xml.append("  <property><name>").append(escape(name))
        .append("</name><value>").append(escape(value)).append("</value></property>\n"));
    return xml.append("</configuration>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
