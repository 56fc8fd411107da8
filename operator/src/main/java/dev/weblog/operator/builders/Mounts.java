package dev.weblog.operator.builders;

import dev.weblog.operator.api.VolumeFile;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/** Volumes and mounts shared by the builders. */
final class Mounts {

  /** Where a user's persistent volume claim is mounted, read-only. */
  static final String SOURCE_DIR = "/source";
  static final String SOURCE_VOLUME = "source";

  private Mounts() {}

  static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
  }

  static Volume claim(VolumeFile file) {
    return new VolumeBuilder().withName(SOURCE_VOLUME)
        .withNewPersistentVolumeClaim().withClaimName(file.getClaimName()).withReadOnly(true)
        .endPersistentVolumeClaim()
        .build();
  }

  static String sourcePath(VolumeFile file) {
    return SOURCE_DIR + "/" + file.getPath();
  }
}
