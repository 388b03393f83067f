// SPDX-License-Identifier: MIT
// A Go program creating threads and running a program (t-stack-names.py):
// goroutines that lock their OS threads make the runtime create threads,
// and runChild, called through start (which the compiler inlines into
// main), starts /bin/true through os/exec.  Writes to os.Args[1]
// what it knows of itself: the function chain runtime.Callers gives in
// runChild, innermost first, and the name of the os/exec method it calls.
package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"sync"
)

type truth struct {
	Exec   []string `json:"exec"`
	Method string   `json:"method"`
}

//go:noinline
func runChild(t *truth) {
	pc := make([]uintptr, 32)
	n := runtime.Callers(1, pc)
	frames := runtime.CallersFrames(pc[:n])
	for {
		f, more := frames.Next()
		t.Exec = append(t.Exec, f.Function)
		if !more {
			break
		}
	}
	t.Method = runtime.FuncForPC(reflect.ValueOf((*exec.Cmd).Run).Pointer()).Name()
	if err := exec.Command("/bin/true").Run(); err != nil {
		os.Exit(1)
	}
}

// start is small enough for the compiler to inline: main's frame holds it.
func start(t *truth) {
	runChild(t)
}

func main() {
	var t truth
	var wg sync.WaitGroup

	runtime.GOMAXPROCS(4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			x := 0
			for j := 0; j < 1000000; j++ {
				x += j
			}
			_ = x
		}()
	}
	wg.Wait()
	start(&t)
	out, err := json.Marshal(&t)
	if err != nil || len(os.Args) < 2 || os.WriteFile(os.Args[1], out, 0o644) != nil {
		os.Exit(1)
	}
}
