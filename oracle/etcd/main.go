// Command etcd is etcd's own main (go.etcd.io/etcd/server/v3's server/main.go is one call):
// `go install` of that module is refused because its go.mod has replace directives.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
