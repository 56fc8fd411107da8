// weblog-provisioner: dynamic PersistentVolumes for the local cluster's default StorageClass. A claim of that
// class gets a directory under --root and a hostPath PersistentVolume bound to it; when a claim is deleted
// and its volume is Released, the directory and the volume go too. Single node only, by design.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

const provisionedBy = "pv.kubernetes.io/provisioned-by"

type provisioner struct {
	client       kubernetes.Interface
	name         string // the StorageClass's provisioner field
	storageClass string
	root         string
}

func (p *provisioner) volumeDir(pvc *v1.PersistentVolumeClaim) string {
	return filepath.Join(p.root, pvc.Namespace+"_"+pvc.Name+"_"+string(pvc.UID))
}

func (p *provisioner) provision(pvc *v1.PersistentVolumeClaim) {
	if pvc.Spec.VolumeName != "" || pvc.Status.Phase != v1.ClaimPending || pvc.DeletionTimestamp != nil ||
		pvc.Spec.StorageClassName == nil || *pvc.Spec.StorageClassName != p.storageClass {
		return
	}
	dir := p.volumeDir(pvc)
	// Pods run as non-root users and hostPath volumes ignore fsGroup: the directory is open to all.
	if err := os.MkdirAll(dir, 0o777); err != nil {
		log.Printf("claim %s/%s: %v", pvc.Namespace, pvc.Name, err)
		return
	}
	os.Chmod(dir, 0o777)
	hostPathType := v1.HostPathDirectory
	pv := &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: "pvc-" + string(pvc.UID), Annotations: map[string]string{provisionedBy: p.name}},
		Spec: v1.PersistentVolumeSpec{
			Capacity:                      v1.ResourceList{v1.ResourceStorage: pvc.Spec.Resources.Requests[v1.ResourceStorage]},
			AccessModes:                   pvc.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: v1.PersistentVolumeReclaimDelete,
			StorageClassName:              p.storageClass,
			VolumeMode:                    pvc.Spec.VolumeMode,
			ClaimRef: &v1.ObjectReference{Kind: "PersistentVolumeClaim", Namespace: pvc.Namespace, Name: pvc.Name,
				UID: pvc.UID, APIVersion: "v1", ResourceVersion: pvc.ResourceVersion},
			PersistentVolumeSource: v1.PersistentVolumeSource{HostPath: &v1.HostPathVolumeSource{Path: dir, Type: &hostPathType}},
		},
	}
	_, err := p.client.CoreV1().PersistentVolumes().Create(context.Background(), pv, metav1.CreateOptions{})
	switch {
	case err == nil:
		log.Printf("claim %s/%s: volume %s at %s", pvc.Namespace, pvc.Name, pv.Name, dir)
	case !apierrors.IsAlreadyExists(err):
		log.Printf("claim %s/%s: creating volume: %v", pvc.Namespace, pvc.Name, err)
	}
}

func (p *provisioner) reclaim(pv *v1.PersistentVolume) {
	if pv.Annotations[provisionedBy] != p.name || pv.Status.Phase != v1.VolumeReleased ||
		pv.Spec.PersistentVolumeReclaimPolicy != v1.PersistentVolumeReclaimDelete || pv.Spec.HostPath == nil {
		return
	}
	dir := filepath.Clean(pv.Spec.HostPath.Path)
	if !strings.HasPrefix(dir, filepath.Clean(p.root)+string(filepath.Separator)) {
		log.Printf("volume %s: path %s is outside %s, left alone", pv.Name, dir, p.root)
		return
	}
	if err := os.RemoveAll(dir); err != nil {
		log.Printf("volume %s: removing %s: %v", pv.Name, dir, err)
		return
	}
	err := p.client.CoreV1().PersistentVolumes().Delete(context.Background(), pv.Name, metav1.DeleteOptions{})
	if err == nil || apierrors.IsNotFound(err) {
		log.Printf("volume %s released: deleted with %s", pv.Name, dir)
	} else {
		log.Printf("volume %s: deleting: %v", pv.Name, err)
	}
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the provisioner's user")
	name := flag.String("name", "weblog.dev/hostpath", "provisioner name, as in the StorageClass")
	storageClass := flag.String("storage-class", "standard", "the StorageClass whose claims this provisions")
	root := flag.String("root", "", "directory under which volumes are made")
	flag.Parse()
	if *root == "" {
		log.Fatal("--root is required")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig %s: %v", *kubeconfig, err)
	}
	client := kubernetes.NewForConfigOrDie(cfg)
	p := &provisioner{client: client, name: *name, storageClass: *storageClass, root: *root}
	factory := informers.NewSharedInformerFactory(client, time.Minute) // the resync retries what failed
	claims := factory.Core().V1().PersistentVolumeClaims().Informer()
	claims.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o interface{}) { p.provision(o.(*v1.PersistentVolumeClaim)) },
		UpdateFunc: func(_, o interface{}) { p.provision(o.(*v1.PersistentVolumeClaim)) },
	})
	volumes := factory.Core().V1().PersistentVolumes().Informer()
	volumes.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o interface{}) { p.reclaim(o.(*v1.PersistentVolume)) },
		UpdateFunc: func(_, o interface{}) { p.reclaim(o.(*v1.PersistentVolume)) },
	})
	stop := make(chan struct{})
	factory.Start(stop)
	cache.WaitForCacheSync(stop, claims.HasSynced, volumes.HasSynced)
	log.Printf("provisioning claims of StorageClass %s under %s", *storageClass, *root)
	select {}
}
