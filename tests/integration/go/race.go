// SPDX-License-Identifier: MIT
// race: Go's raw clone threads, many of them short-lived: each goroutine
// locks itself to an OS thread and returns, so the runtime makes a thread
// for it and that thread exits when it ends, often before clonetrace has
// handled its creator's clone event (tests/integration/t-go-race.py).
package main

import (
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			runtime.LockOSThread()
			x := 0
			for j := 0; j < 100000; j++ {
				x += j
			}
			_ = x
			wg.Done()
		}()
	}
	wg.Wait()
}
