// ospd-go-example: a Go client of ospd (osp.v1.ObjectStoreProvider) over the stubs generated from
// proto/osp/v1 with protoc-gen-go and protoc-gen-go-grpc. It asks for the provider info, checks
// health, and lists every bucket of every backend (or of one), printing one JSON document:
//
//	{"daemon":"ospd","version":"0.1.0","backends":[{"id":"ecs-1","type":"ecs",
//	  "buckets":[{"name":"photos","owner":"acct-1","public_url":"https://..."}]}]}
//
// Usage: ospd-go-example -address unix:/run/ospd/ospd.sock [-backend ID] [-owner ACCOUNT]
//
//	[-ca FILE [-cert FILE -key FILE]] [-timeout 30s]
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"net"
	"os"
	"strings"
	"time"

	ospv1 "github.com/ospd/ospd/gen/go/osp/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

type bucket struct {
	Name      string `json:"name"`
	Owner     string `json:"owner"`
	PublicURL string `json:"public_url"`
}

type backend struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Buckets []bucket `json:"buckets"`
}

type report struct {
	Daemon   string    `json:"daemon"`
	Version  string    `json:"version"`
	Backends []backend `json:"backends"`
}

// dialOptions: TLS (optionally mutual) when -ca is given, plaintext otherwise; "unix:" addresses
// are dialled as Unix domain sockets.
func dialOptions(ca, cert, key string) ([]grpc.DialOption, error) {
	opts := []grpc.DialOption{grpc.WithContextDialer(func(ctx context.Context, addr string) (net.Conn, error) {
		var d net.Dialer
		if strings.HasPrefix(addr, "unix:") {
			return d.DialContext(ctx, "unix", strings.TrimPrefix(addr, "unix:"))
		}
		return d.DialContext(ctx, "tcp", addr)
	})}
	if ca == "" {
		return append(opts, grpc.WithInsecure()), nil
	}
	pem, err := ioutil.ReadFile(ca)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s: no PEM certificate", ca)
	}
	config := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return nil, err
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return append(opts, grpc.WithTransportCredentials(credentials.NewTLS(config))), nil
}

func run() error {
	address := flag.String("address", "unix:/run/ospd/ospd.sock", "ospd address: unix:PATH or HOST:PORT")
	only := flag.String("backend", "", "list the buckets of this backend only")
	owner := flag.String("owner", "", "list only the buckets of this account id")
	ca := flag.String("ca", "", "PEM CA bundle: use TLS and verify ospd with it")
	cert := flag.String("cert", "", "PEM client certificate (mTLS)")
	key := flag.String("key", "", "PEM client key (mTLS)")
	timeout := flag.Duration("timeout", 30*time.Second, "deadline of the whole run")
	flag.Parse()

	opts, err := dialOptions(*ca, *cert, *key)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	conn, err := grpc.DialContext(ctx, *address, opts...)
	if err != nil {
		return err
	}
	defer conn.Close()

	health, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: "osp.v1.ObjectStoreProvider"})
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	if health.Status != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("health: ospd is %v", health.Status)
	}

	client := ospv1.NewObjectStoreProviderClient(conn)
	info, err := client.GetProviderInfo(ctx, &ospv1.GetProviderInfoRequest{})
	if err != nil {
		return fmt.Errorf("GetProviderInfo: %w", err)
	}
	out := report{Daemon: info.Name, Version: info.Version, Backends: []backend{}}
	for _, b := range info.Backends {
		if *only != "" && b.Id != *only {
			continue
		}
		entry := backend{ID: b.Id, Type: b.Type, Buckets: []bucket{}}
		for token := ""; ; {
			page, err := client.ListBuckets(ctx, &ospv1.ListBucketsRequest{Backend: b.Id, Owner: *owner, PageToken: token})
			if err != nil {
				return fmt.Errorf("ListBuckets %s: %w", b.Id, err)
			}
			for _, x := range page.Buckets {
				entry.Buckets = append(entry.Buckets, bucket{Name: x.Spec.GetName(), Owner: x.Spec.GetOwner(), PublicURL: x.PublicUrl})
			}
			if token = page.NextPageToken; token == "" {
				break
			}
		}
		out.Backends = append(out.Backends, entry)
	}
	encoder := json.NewEncoder(os.Stdout)
	return encoder.Encode(out)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ospd-go-example:", err)
		os.Exit(1)
	}
}
