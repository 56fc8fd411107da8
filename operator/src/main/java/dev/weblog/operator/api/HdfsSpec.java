package dev.weblog.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.weblog.common.HdfsLayout;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** HDFS: a NameNode and DataNodes run by the operator, or an existing cluster reached by its URI. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.HDFS_EXTERNAL_NEEDS_URI, message = Rules.HDFS_EXTERNAL_NEEDS_URI_MSG)
@ValidationRule(value = Rules.HDFS_MANAGED_NO_URI, message = Rules.HDFS_MANAGED_NO_URI_MSG)
public class HdfsSpec {

  public static final String DEFAULT_STORAGE = "10Gi";
  public static final String DEFAULT_NAMENODE_STORAGE = "2Gi";

  @JsonPropertyDescription("Managed (the operator runs HDFS) or External (use uri)")
  @Default("Managed")
  private Mode mode = Mode.MANAGED;

  @JsonPropertyDescription("External only: the NameNode's URI, e.g. hdfs://namenode.example:8020")
  @Pattern(Patterns.HDFS_URI)
  private String uri;

  @JsonPropertyDescription("Directory on HDFS under which the pipeline keeps everything")
  @Pattern(Patterns.ABSOLUTE_PATH)
  @Default(HdfsLayout.DEFAULT_BASE)
  private String base = HdfsLayout.DEFAULT_BASE;

  @JsonPropertyDescription("Managed only: number of DataNodes (block replication is min(datanodes, 3))")
  @Min(1)
  @Max(16)
  @Default("1")
  private int datanodes = 1;

  @JsonPropertyDescription("Managed only: volume size of each DataNode")
  @Pattern(Patterns.QUANTITY)
  @Default(DEFAULT_STORAGE)
  private String storage = DEFAULT_STORAGE;

  @JsonPropertyDescription("Managed only: volume size of the NameNode's metadata")
  @Pattern(Patterns.QUANTITY)
  @Default(DEFAULT_NAMENODE_STORAGE)
  private String namenodeStorage = DEFAULT_NAMENODE_STORAGE;

  @JsonPropertyDescription("Managed only: storage class of the volumes; the cluster default when empty")
  private String storageClassName;

  @JsonPropertyDescription("Managed only: keep (Retain) or delete (Delete) the HDFS volumes when the pipeline is deleted")
  @Default("Retain")
  private VolumeRetention retention = VolumeRetention.RETAIN;

  @JsonPropertyDescription("Managed only: CPU and memory of each NameNode and DataNode container")
  private ComputeResources resources = new ComputeResources();

  @JsonPropertyDescription("Managed only: namespaces whose pods may open the NameNode web UI, besides the "
      + "pipeline's own (enforced by the NetworkPolicies, where the cluster enforces them)")
  private List<@Pattern(Patterns.DNS_LABEL) String> webUiNamespaces = new ArrayList<>();

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getBase() {
    return base;
  }

  public void setBase(String base) {
    this.base = base;
  }

  public int getDatanodes() {
    return datanodes;
  }

  public void setDatanodes(int datanodes) {
    this.datanodes = datanodes;
  }

  public String getStorage() {
    return storage;
  }

  public void setStorage(String storage) {
    this.storage = storage;
  }

  public String getNamenodeStorage() {
    return namenodeStorage;
  }

  public void setNamenodeStorage(String namenodeStorage) {
    this.namenodeStorage = namenodeStorage;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public VolumeRetention getRetention() {
    return retention;
  }

  public void setRetention(VolumeRetention retention) {
    this.retention = retention;
  }

  public ComputeResources getResources() {
    return resources;
  }

  public void setResources(ComputeResources resources) {
    this.resources = resources == null ? new ComputeResources() : resources;
  }

  public List<String> getWebUiNamespaces() {
    return webUiNamespaces;
  }

  public void setWebUiNamespaces(List<String> webUiNamespaces) {
    this.webUiNamespaces = webUiNamespaces == null ? new ArrayList<>() : webUiNamespaces;
  }

  @JsonIgnore
  public boolean isManaged() {
    return mode == Mode.MANAGED;
  }
}
