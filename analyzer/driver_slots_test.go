package analyzer

import (
	"sync"
	"testing"
	"time"
)

// TestSlotsPriority: a freed slot goes to the waiter with the highest
// priority, the earliest among equals.
func TestSlotsPriority(t *testing.T) {
	s := newSlots(1)
	s.acquire(0)
	var mu sync.Mutex
	var got []int
	var wg sync.WaitGroup
	for i, prio := range []int{0, 2, 1, 2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.acquire(prio)
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
			s.release()
		}()
		// Enqueue the waiters in order.
		for deadline := time.Now().Add(5 * time.Second); ; {
			s.mu.Lock()
			n := len(s.waiting)
			s.mu.Unlock()
			if n == i+1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("waiter did not queue")
			}
			time.Sleep(time.Millisecond)
		}
	}
	s.release()
	wg.Wait()
	if want := []int{1, 3, 2, 0}; len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Errorf("slots went to %v, want %v", got, want)
	}
	if s.free != 1 {
		t.Errorf("%d free slots at the end, want 1", s.free)
	}
}
