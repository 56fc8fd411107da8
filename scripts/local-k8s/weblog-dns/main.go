// weblog-dns: the local cluster's DNS. Debian packages no CoreDNS, so this small server answers the names a
// pod needs inside the cluster, from Services and Endpoints it watches:
//
//	<svc>.<ns>.svc.<domain>                 A: the ClusterIP, or every ready address of a headless service
//	<host>.<svc>.<ns>.svc.<domain>          A: a StatefulSet pod behind a headless service (or a dashed IP)
//	_<port>._<proto>.<svc>.<ns>.svc.<domain> SRV
//
// Any other name inside the domain is NXDOMAIN, and a name outside it is REFUSED: it never forwards a query,
// so no lookup made by a pod ever leaves the machine.
package main

import (
	"flag"
	"log"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
)

type resolver struct {
	suffix    string // ".svc.<domain>."
	ttl       uint32
	services  cache.Store
	endpoints cache.Store
}

func (r *resolver) header(name string, rrtype uint16) dns.RR_Header {
	return dns.RR_Header{Name: name, Rrtype: rrtype, Class: dns.ClassINET, Ttl: r.ttl}
}

func (r *resolver) service(ns, name string) (*v1.Service, []v1.EndpointAddress) {
	obj, ok, _ := r.services.GetByKey(ns + "/" + name)
	if !ok {
		return nil, nil
	}
	var ready []v1.EndpointAddress
	if ep, ok, _ := r.endpoints.GetByKey(ns + "/" + name); ok {
		for _, subset := range ep.(*v1.Endpoints).Subsets {
			ready = append(ready, subset.Addresses...)
		}
	}
	return obj.(*v1.Service), ready
}

// answer returns the records for one question and whether the name exists at all.
func (r *resolver) answer(q dns.Question) ([]dns.RR, bool) {
	name := strings.ToLower(q.Name)
	labels := strings.Split(strings.TrimSuffix(name, r.suffix), ".")
	var prefix []string
	if n := len(labels); n >= 2 {
		prefix, labels = labels[:n-2], labels[n-2:]
	}
	if len(labels) != 2 || len(prefix) > 2 {
		return nil, false
	}
	svc, ready := r.service(labels[1], labels[0])
	if svc == nil {
		return nil, false
	}
	var out []dns.RR
	switch len(prefix) {
	case 0:
		exists := svc.Spec.ClusterIP != "None" || len(ready) > 0
		if q.Qtype != dns.TypeA && q.Qtype != dns.TypeANY {
			return nil, exists
		}
		if svc.Spec.ClusterIP != "None" {
			return []dns.RR{&dns.A{Hdr: r.header(q.Name, dns.TypeA), A: net.ParseIP(svc.Spec.ClusterIP).To4()}}, true
		}
		for _, a := range ready {
			out = append(out, &dns.A{Hdr: r.header(q.Name, dns.TypeA), A: net.ParseIP(a.IP).To4()})
		}
		return out, exists
	case 1:
		found := false
		for _, a := range ready {
			if a.Hostname == prefix[0] || strings.ReplaceAll(a.IP, ".", "-") == prefix[0] {
				found = true
				if q.Qtype == dns.TypeA || q.Qtype == dns.TypeANY {
					out = append(out, &dns.A{Hdr: r.header(q.Name, dns.TypeA), A: net.ParseIP(a.IP).To4()})
				}
			}
		}
		return out, found
	default:
		port, proto := strings.TrimPrefix(prefix[0], "_"), strings.TrimPrefix(prefix[1], "_")
		found := false
		target := labels[0] + "." + labels[1] + r.suffix
		for _, p := range svc.Spec.Ports {
			if strings.EqualFold(p.Name, port) && strings.EqualFold(string(p.Protocol), proto) {
				found = true
				if q.Qtype == dns.TypeSRV || q.Qtype == dns.TypeANY {
					out = append(out, &dns.SRV{Hdr: r.header(q.Name, dns.TypeSRV), Weight: 100, Port: uint16(p.Port), Target: target})
				}
			}
		}
		return out, found
	}
}

func (r *resolver) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	for _, q := range req.Question {
		if !strings.HasSuffix(strings.ToLower(q.Name), r.suffix) {
			m.Rcode = dns.RcodeRefused // not ours, and never forwarded
			continue
		}
		records, exists := r.answer(q)
		if !exists {
			m.Rcode = dns.RcodeNameError
		}
		m.Answer = append(m.Answer, records...)
	}
	w.WriteMsg(m)
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the DNS's own user (list/watch services, endpoints)")
	listen := flag.String("listen", "127.0.0.1:53", "address to serve on, UDP and TCP")
	domain := flag.String("domain", "cluster.local", "cluster domain")
	ttl := flag.Uint("ttl", 5, "TTL of every answer, seconds")
	flag.Parse()
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig %s: %v", *kubeconfig, err)
	}
	factory := informers.NewSharedInformerFactory(kubernetes.NewForConfigOrDie(cfg), 10*time.Minute)
	services, endpoints := factory.Core().V1().Services().Informer(), factory.Core().V1().Endpoints().Informer()
	stop := make(chan struct{})
	factory.Start(stop)
	if !cache.WaitForCacheSync(stop, services.HasSynced, endpoints.HasSynced) {
		log.Fatal("services and endpoints never synced")
	}
	r := &resolver{suffix: ".svc." + strings.Trim(*domain, ".") + ".", ttl: uint32(*ttl),
		services: services.GetStore(), endpoints: endpoints.GetStore()}
	for _, network := range []string{"udp", "tcp"} {
		server := &dns.Server{Addr: *listen, Net: network, Handler: r}
		go func() { log.Fatal(server.ListenAndServe()) }()
	}
	log.Printf("serving %s (udp, tcp) for *%s, no forwarding", *listen, r.suffix)
	select {}
}
