// jemalloc's settings for the gatehouse executable (linked only when
// GATEHOUSE_JEMALLOC; jemalloc reads this symbol when it starts).
//
// A gateway's memory comes in bursts (a load's requests, their log records
// on their way to the store) and then sits idle: a background thread gives
// freed pages back to the system within about a second, instead of keeping
// them until the next allocations happen to trigger it (an idle gateway
// would never shrink). Measured in docs/performance.md ("Request log").
extern "C" {
extern const char *malloc_conf;
const char *malloc_conf = "background_thread:true,max_background_threads:1,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
