/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/qemu/qemu-driver.h — the qemu driver's state and the contract
 * between its files (the command line builder, QMP client and capability
 * probe have their own headers).
 *
 * One state per root (qemu:///system, qemu:///session, each
 * qemu:///embed?root=DIR), shared by the connections on it in a process.
 * It owns a monitor thread running a GMainContext: every QMP socket and
 * every QEMU pidfd is read there, so events and process exits are handled
 * as they happen, whoever holds a connection.
 *
 * Locking: ST->lock (a mutex) guards the domain list (the core's, which has
 * no lock of its own) and every field of every domain and VM. It is never
 * held while waiting for QEMU: a slot that talks QMP takes
 * a job on the VM (mv_qemu_job_begin), drops the lock, runs its commands,
 * and ends the job with the lock held again. The monitor thread takes the
 * lock only briefly, so QMP replies always get through. A VM whose process
 * ended during a job is torn down when the job ends.
 */
#ifndef MV_QEMU_DRIVER_H
#define MV_QEMU_DRIVER_H

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/conf-caps.h>
#include <modvirt-plugin/domain-list.h>
#include <modvirt-plugin/cgroup.h>

#include <glib.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "qemu-qmp.h"
#include "qemu-caps.h"
#include "qemu-agent.h"

#define MV_QEMU_SRC "plugin.qemu"
#define MV_QEMU_ERR VIR_FROM_QEMU
#define MV_QEMU_DEFAULT_EMULATOR "/usr/bin/qemu-system-x86_64"

/* Bounds (ms). */
#define MV_QEMU_QMP_CONNECT_MS 10000   /* QEMU started until QMP answers */
#define MV_QEMU_QMP_REPLY_MS 30000     /* one ordinary command */
#define MV_QEMU_TERM_MS 3000           /* SIGTERM until SIGKILL on destroy */
#define MV_QEMU_JOB_WAIT_MS 30000      /* a job waiting for a start job (libvirt's) */

typedef struct mv_qemu_state mv_qemu_state;

/* What the driver keeps about a domain of ST->doms besides what the list
 * keeps (definitions, state, persistence, autostart): the private data of
 * its mv_domain_obj, freed with it. References on OBJ (the list's, jobs',
 * the monitor thread's sources') keep both alive. */
typedef struct mv_qemu_vm {
    mv_qemu_state *st;
    mv_domain_obj *obj;        /* the domain; obj->priv is this */

    /* While active. */
    pid_t pid;
    int pidfd;
    bool our_child;            /* we forked it (waitid works) */
    unsigned long long proc_start;   /* /proc/PID/stat start time: identity */
    gint64 start_epoch;        /* wall clock seconds at start */
    GSource *exit_source;      /* pidfd watch on the monitor thread */
    mv_qmp *mon;               /* NULL when another process holds the monitor */
    bool job;                  /* a slot is talking to QEMU */
    bool starting;             /* start in progress: events are not reported */
    bool got_shutdown;         /* QMP SHUTDOWN seen: exit is a shutdown */
    bool guest_shutdown;       /* ... initiated by the guest */
    bool fake_reboot;          /* virDomainReboot: reset after SHUTDOWN */
    bool destroying;           /* virDomainDestroy in progress */
    bool exited;               /* the process ended, teardown pending */
    int exit_status;           /* waitid si_status / -1 */
    bool exit_signaled;        /* killed by a signal */
    int stop_reason;           /* virDomainShutoffReason chosen by a slot */
    bool status_stale;         /* the last status write failed */
    /* The asynchronous job (save, managed save) while it runs, which other
     * connections read and abort, and the statistics of the last one that
     * completed (qemu-job.c). */
    struct mv_qemu_async_job *async;
    virTypedParameterPtr completed;
    int ncompleted;
    mv_cgroup *cg;             /* while active: its cgroup, or NULL */
    mv_qemu_agent *agent;      /* the guest agent's client, made on first use */
    /* The vCPU threads by index (0: offline) as QEMU last gave them, for
     * the process started at VCPU_TIDS_START; asked again after a plug. */
    pid_t *vcpu_tids;
    int nvcpu_tids;
    unsigned long long vcpu_tids_start;
    /* The I/O threads (mv_qemu_iothread_tid) as QEMU last gave them, for
     * the process started at IOTHREAD_TIDS_START; asked again after a
     * hotplug. */
    GArray *iothread_tids;
    unsigned long long iothread_tids_start;
    /* The balloon may hold figures of the guest's: a stats period was set
     * (or, for a QEMU another process started, may have been). */
    bool balloon_polled;
} mv_qemu_vm;

struct mv_qemu_state {
    pthread_mutex_t lock;
    pthread_cond_t cond;       /* jobs ending, processes exiting */
    /* The core's state of this root: its directories, and whether a
     * read-write connection opened it (mv_qemu_writable); until then
     * nothing is started, cleaned up or written. */
    mv_driver_state *root;
    char *uri;                 /* the URI that created it, for autostart */
    bool privileged;           /* qemu:///system */
    const char *config_dir;    /* persistent XML (the root's strings) */
    const char *run_dir;       /* status, live XML, QMP sockets */
    const char *log_dir;       /* per-domain QEMU logs */
    const char *cache_dir;     /* capabilities */
    mv_event_source *events;
    mv_domain_list *doms;      /* the domains; each obj->priv a mv_qemu_vm */
    /* The monitor thread. */
    GMainContext *ctx;
    GMainLoop *loop;
    GThread *thread;
    mv_qemu_caps *caps;        /* lazily probed; under lock */
    bool autostart_checked;    /* this state asked whether autostart is ours */
    bool autostart_pending;    /* autostart domains not started yet */
    bool autostart_running;
    pthread_t autostart_thread;
};

/* qemu-state.c */
/* The state of URI's root; READONLY opens load it without changing
 * anything, a read-write one makes it writable. NULL + error. */
mv_qemu_state *mv_qemu_state_acquire(const mv_uri *uri, bool readonly);
void mv_qemu_state_release(mv_qemu_state *st);
/* Whether a read-write connection opened ST: whether it may change things. */
bool mv_qemu_writable(const mv_qemu_state *st);
mv_qemu_state *mv_qemu_state_of(virConnectPtr conn);
/* The probed capabilities of the default emulator (under ST->lock). */
const mv_qemu_caps *mv_qemu_state_caps(mv_qemu_state *st);
/* Once per boot and root (mv_driver_state_autostart_claim), starts the autostart
 * domains in a thread of their own, after a read-write connection is open;
 * mv_qemu_autostart_wait, with ST->lock held, waits until that is done. */
void mv_qemu_autostart_kick(mv_qemu_state *st);
void mv_qemu_autostart_wait(mv_qemu_state *st);
/* Runs FN(DATA) on the monitor thread and waits for it. */
void mv_qemu_state_invoke(mv_qemu_state *st, GSourceFunc fn, gpointer data);

/* qemu-vm.c: the driver's part of the domains of ST->doms, under ST->lock. */
/* The VM of OBJ, made for a domain the list has just added. */
mv_qemu_vm *mv_qemu_vm_attach(mv_qemu_state *st, mv_domain_obj *obj);
/* The list's free function for a VM. */
void mv_qemu_vm_free(void *vm);
void mv_qemu_vm_ref(mv_qemu_vm *vm);
void mv_qemu_vm_unref(mv_qemu_vm *vm);
/* Locks the state of DOM's connection and returns its VM, or NULL (state
 * unlocked, error reported). */
mv_qemu_vm *mv_qemu_vm_lock(virDomainPtr dom, mv_qemu_state **stp);
virDomainPtr mv_qemu_vm_handle(virConnectPtr conn, const mv_qemu_vm *vm);
bool mv_qemu_vm_active(const mv_qemu_vm *vm);
void mv_qemu_vm_event(mv_qemu_vm *vm, int event, int detail);
/* Sets the state and, while the process runs, saves the status: 0, or -1
 * with an error naming the domain (the status is then stale). */
int mv_qemu_vm_set_state(mv_qemu_vm *vm, int state, int reason);
/* Errors libvirt reports. */
int mv_qemu_error_not_running(void);
int mv_qemu_error_running(void);
/* Persistent files. */
int mv_qemu_config_save(mv_qemu_state *st, const mv_domain_def *def);
int mv_qemu_config_remove(mv_qemu_state *st, const char *name);
int mv_qemu_autostart_set(mv_qemu_state *st, const char *name, bool on);

/* qemu-domain.c: a definition from an application (define, create,
 * restore): parsed inactive, its name usable as a file name. */
mv_domain_def *mv_qemu_parse(const char *xml);

/* Jobs (qemu-vm.c): with ST->lock held; begin waits for another job to
 * end (for a start job, at most MV_QEMU_JOB_WAIT_MS, then libvirt's
 * timeout error), fails when the VM stopped meanwhile (if NEED_ACTIVE). The lock is
 * held on return. end tears down a VM whose process exited during the job
 * and drops the reference begin took. */
int mv_qemu_job_begin(mv_qemu_state *st, mv_qemu_vm *vm, bool need_active);
void mv_qemu_job_end(mv_qemu_state *st, mv_qemu_vm *vm);
/* What most slots do: lock DOM's VM and begin a job (NULL, unlocked, on
 * error); end it, unlock and return RET. */
mv_qemu_vm *mv_qemu_vm_job_begin(virDomainPtr dom, mv_qemu_state **stp, bool need_active);
int mv_qemu_vm_job_end(mv_qemu_state *st, mv_qemu_vm *vm, int ret);
/* A QMP command in a job: drops the lock around the call. */
JsonNode *mv_qemu_job_qmp(mv_qemu_state *st, mv_qemu_vm *vm, const char *cmd,
                          JsonObject *args, int timeout_ms);
int mv_qemu_job_qmp_run(mv_qemu_state *st, mv_qemu_vm *vm, const char *cmd,
                        JsonObject *args);

/* qemu-process.c: start and stop, with ST->lock held and a job on VM.
 * INCOMING_FD >= 0: restore, QEMU reads its state from that fd. */
int mv_qemu_process_start(virConnectPtr conn, mv_qemu_state *st, mv_qemu_vm *vm,
                          int incoming_fd, bool paused, int reason);
/* Sends SIGTERM, then SIGKILL after MV_QEMU_TERM_MS; waits (lock dropped)
 * until the process is gone. */
int mv_qemu_process_kill(mv_qemu_state *st, mv_qemu_vm *vm);
/* The process ended (exit watch, or a failed start): close the monitor,
 * remove status files, mark shut off with REASON, queue the event, swap in
 * the persistent definition; a transient VM is removed. */
void mv_qemu_process_stopped(mv_qemu_state *st, mv_qemu_vm *vm, int reason, int detail);
/* The process ended: stopped with the reason that explains it (saved,
 * destroyed, shut down after a SHUTDOWN event, else crashed). */
void mv_qemu_process_exited(mv_qemu_state *st, mv_qemu_vm *vm);
/* Starts watching VM's pidfd and QMP on the monitor thread. */
void mv_qemu_process_watch(mv_qemu_state *st, mv_qemu_vm *vm);
/* CPU time of PID in ns from /proc, 0 when unknown. */
unsigned long long mv_qemu_process_cputime(pid_t pid);

/* qemu-monitor-events.c: QMP events and exits, on the monitor thread. */
void mv_qemu_on_qmp_event(mv_qmp *mon, const char *event, JsonObject *data, gint64 ts,
                          void *opaque);
void mv_qemu_on_qmp_eof(mv_qmp *mon, void *opaque);
gboolean mv_qemu_on_exit(gint fd, GIOCondition cond, gpointer opaque);

/* qemu-status.c: run files of active VMs; reattach at state load. */
/* 0, or -1 with an error naming the domain; a no-op in a state no
 * read-write connection opened. */
int mv_qemu_status_save(mv_qemu_state *st, mv_qemu_vm *vm);
/* Saves the status again if the last write failed (a state change from an
 * event could not be recorded): 0, or -1 with an error. */
int mv_qemu_status_ensure(mv_qemu_state *st, mv_qemu_vm *vm);
void mv_qemu_status_remove(mv_qemu_state *st, const char *name);
/* Re-attaches to the domains whose status names a QEMU that still runs and
 * which are not active here yet; the status of one that ended is removed
 * (when the state is writable) and the domain reported shut off. Loading
 * again is how a state loaded read-only catches up when it becomes
 * writable. With ST->lock held (dropped meanwhile). */
void mv_qemu_status_load(mv_qemu_state *st);
char *mv_qemu_run_path(mv_qemu_state *st, const char *name, const char *suffix);

/* qemu-net.c: a tap device for interface NET on BRIDGE (NULL: not
 * attached); *IFNAME gets its name. The fd, or -1 with an error. */
int mv_qemu_tap_open(const mv_domain_net_def *net, const char *bridge, char **ifname);
/* The bridge an interface plugs into: its <source bridge>, or the bridge of
 * its <source network> through CONN's network driver. */
char *mv_qemu_net_bridge(virConnectPtr conn, const mv_domain_net_def *net);
/* The path of a type='volume' disk through CONN's storage driver. */
char *mv_qemu_volume_path(virConnectPtr conn, const mv_domain_disk_def *disk);

/* qemu-console-session.c: console sessions, one per guest pty in the
 * process (and, through lock files, on the host). */
/* Serves the guest pty PATH on ST: 0; 1 when another session holds it and
 * FORCE is false (nothing reported); -1 with an error. FORCE ends the
 * session in use (its stream reads its end) and takes the pty over. */
int mv_qemu_console_attach(virConnectPtr conn, const char *path, virStreamPtr st, bool force);
/* Ends the session on PATH, if any (the guest stopped). */
void mv_qemu_console_release(const char *path);

/* qemu-guest-agent.c: channels and the guest agent, under ST->lock except
 * the calls taking a virDomainPtr. */
/* The definition's agent channel (a virtio unix channel named
 * org.qemu.guest_agent.0), or NULL. */
mv_domain_chr_def *mv_qemu_agent_channel(const mv_domain_def *def);
/* RUN/channel/target/domain-ID-NAME: the sockets of channels without a
 * path, as libvirt lays them out. */
char *mv_qemu_channel_dir(mv_qemu_state *st, int id, const char *name);
/* Before a start: aliases, virtio-serial addresses (controller 0 bus 0,
 * ports from 1) and socket paths for the channels of LIVE. 0 or -1. */
int mv_qemu_channels_prepare(mv_qemu_state *st, mv_domain_def *live, int id);
/* After a stop: the agent client closed, the channel sockets removed. */
void mv_qemu_channels_cleanup(mv_qemu_state *st, mv_qemu_vm *vm);
/* QEMU says the guest opened or closed the channel with alias ALIAS: the
 * live state, and for the agent's channel an agent lifecycle event with
 * REASON (virConnectDomainEventAgentLifecycleReason). */
void mv_qemu_channel_state_changed(mv_qemu_vm *vm, const char *alias, bool open, int reason);
/* A reference on DOM's agent client, or NULL with libvirt's error: not
 * running, "QEMU guest agent is not configured", "... is not connected". */
mv_qemu_agent *mv_qemu_agent_acquire(virDomainPtr dom);
/* CMD through DOM's agent with the default timeout: its return value. */
JsonNode *mv_qemu_agent_run(virDomainPtr dom, const char *cmd, JsonObject *args);
char *mv_qemu_domain_agent_hostname(virDomainPtr dom);
/* virDomainGetHostname from the DHCP leases of the guest's networks. */
char *mv_qemu_domain_lease_hostname(virDomainPtr dom);
int mv_qemu_domain_agent_get_time(virDomainPtr dom, long long *seconds, unsigned int *nseconds);
int mv_qemu_domain_agent_set_time(virDomainPtr dom, long long seconds, unsigned int nseconds,
                                  bool sync);
char *mv_qemu_domain_qemu_agent_command(virDomainPtr dom, const char *cmd, int timeout,
                                        unsigned int flags);
int mv_qemu_domain_set_user_password(virDomainPtr dom, const char *user, const char *password,
                                     unsigned int flags);
/* qemu-guest-fs.c */
int mv_qemu_domain_fs_freeze(virDomainPtr dom, const char **mountpoints, unsigned int n,
                             unsigned int flags);
int mv_qemu_domain_fs_thaw(virDomainPtr dom, const char **mountpoints, unsigned int n,
                           unsigned int flags);
/* qemu-guest-info.c */
int mv_qemu_domain_get_guest_info(virDomainPtr dom, unsigned int types,
                                  virTypedParameterPtr *params, int *nparams,
                                  unsigned int flags);
/* qemu-ssh-keys.c */
int mv_qemu_domain_ssh_keys_get(virDomainPtr dom, const char *user, char ***keys,
                                unsigned int flags);
int mv_qemu_domain_ssh_keys_set(virDomainPtr dom, const char *user, const char **keys,
                                unsigned int nkeys, unsigned int flags);
/* qemu-iface-addrs.c */
int mv_qemu_domain_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                                       unsigned int source, unsigned int flags);
/* qemu-plugin.c tables. */
extern const mv_hypervisor_driver mv_qemu_hypervisor;

/* Slots, one file per area. */
mv_open_status mv_qemu_connect_open(virConnectPtr conn, const mv_uri *uri, unsigned int flags);
int mv_qemu_connect_close(virConnectPtr conn);
int mv_qemu_connect_get_version(virConnectPtr conn, unsigned long *ver);
char *mv_qemu_connect_get_hostname(virConnectPtr conn);
char *mv_qemu_connect_get_capabilities(virConnectPtr conn);
char *mv_qemu_connect_get_domain_capabilities(virConnectPtr conn, const char *emulatorbin,
                                              const char *arch, const char *machine,
                                              const char *virttype, unsigned int flags);
int mv_qemu_connect_get_max_vcpus(virConnectPtr conn, const char *type);
int mv_qemu_node_get_info(virConnectPtr conn, virNodeInfoPtr info);

int mv_qemu_list_all_domains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags);
virDomainPtr mv_qemu_domain_lookup_id(virConnectPtr conn, int id);
virDomainPtr mv_qemu_domain_lookup_uuid(virConnectPtr conn, const unsigned char *uuid);
virDomainPtr mv_qemu_domain_lookup_name(virConnectPtr conn, const char *name);
virDomainPtr mv_qemu_domain_create_xml(virConnectPtr conn, const char *xml, unsigned int flags);
virDomainPtr mv_qemu_domain_define_xml(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_qemu_domain_undefine(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_create(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_get_info(virDomainPtr dom, virDomainInfoPtr info);
int mv_qemu_domain_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags);
char *mv_qemu_domain_get_os_type(virDomainPtr dom);
unsigned long long mv_qemu_domain_get_max_memory(virDomainPtr dom);
char *mv_qemu_domain_get_xml(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_get_autostart(virDomainPtr dom, int *autostart);
int mv_qemu_domain_set_autostart(virDomainPtr dom, int autostart);
int mv_qemu_domain_is_active(virDomainPtr dom);
int mv_qemu_domain_is_persistent(virDomainPtr dom);
int mv_qemu_domain_is_updated(virDomainPtr dom);

int mv_qemu_domain_destroy(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_shutdown(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_reboot(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_reset(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_inject_nmi(virDomainPtr dom, unsigned int flags);
char *mv_qemu_domain_get_hostname(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_get_time(virDomainPtr dom, long long *seconds, unsigned int *nseconds,
                            unsigned int flags);
int mv_qemu_domain_set_time(virDomainPtr dom, long long seconds, unsigned int nseconds,
                            unsigned int flags);
int mv_qemu_domain_get_disk_errors(virDomainPtr dom, virDomainDiskErrorPtr errors,
                                   unsigned int maxerrors, unsigned int flags);

char *mv_qemu_domain_screenshot(virDomainPtr dom, virStreamPtr st, unsigned int screen,
                                unsigned int flags);

/* qemu-metadata.c */
int mv_qemu_domain_set_metadata(virDomainPtr dom, int type, const char *metadata,
                                const char *key, const char *uri, unsigned int flags);
char *mv_qemu_domain_get_metadata(virDomainPtr dom, int type, const char *uri,
                                  unsigned int flags);
int mv_qemu_domain_suspend(virDomainPtr dom);
int mv_qemu_domain_resume(virDomainPtr dom);
int mv_qemu_domain_set_memory(virDomainPtr dom, unsigned long memory, unsigned int flags);
int mv_qemu_domain_set_vcpus(virDomainPtr dom, unsigned int nvcpus, unsigned int flags);
int mv_qemu_domain_get_vcpus(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_get_max_vcpus(virDomainPtr dom);
int mv_qemu_domain_save(virDomainPtr dom, const char *to, const char *dxml, unsigned int flags);
int mv_qemu_domain_restore(virConnectPtr conn, const char *from, const char *dxml,
                           unsigned int flags);
int mv_qemu_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                                unsigned int flags);

/* qemu-job.c: the asynchronous job of a VM. A save begins one after its
 * synchronous job (ST->lock held); while it runs, job queries and aborts
 * from other connections talk to QEMU without waiting for that job. end
 * records the completed statistics (success: 0, else the error pending)
 * and queues the job-completed event. */
typedef struct mv_qemu_async_job mv_qemu_async_job;
void mv_qemu_async_begin(mv_qemu_vm *vm, int operation);
/* A restore's job (libvirt's "start" job, operation RESTORE), begun after
 * its synchronous job: until it ends, job queries, aborts and other jobs
 * wait (mv_qemu_async_wait), and it ends without statistics or event. */
void mv_qemu_async_begin_start(mv_qemu_vm *vm, int operation);
bool mv_qemu_async_exclusive(const mv_qemu_vm *vm);
/* UNTIL: MV_QEMU_JOB_WAIT_MS from now, on the state's (monotonic) clock. */
void mv_qemu_job_deadline(struct timespec *until);
/* Waits (ST->lock dropped meanwhile) until VM runs no start job: 0, or -1
 * with libvirt's timeout error once UNTIL passed. */
int mv_qemu_async_wait(mv_qemu_state *st, mv_qemu_vm *vm, const struct timespec *until);
/* The running job is a memory-only dump: progress from query-dump, and
 * QEMU cannot cancel it. */
void mv_qemu_async_set_memory_only(mv_qemu_vm *vm);
void mv_qemu_async_end(mv_qemu_state *st, mv_qemu_vm *vm, bool success);
/* Whether the running job was aborted (a failure is then libvirt's
 * "operation aborted: ... canceled by client"). */
bool mv_qemu_async_aborted(const mv_qemu_vm *vm);
/* Frees what a VM keeps of its jobs. */
void mv_qemu_job_clear(mv_qemu_vm *vm);
int mv_qemu_domain_get_job_info(virDomainPtr dom, virDomainJobInfoPtr info);
int mv_qemu_domain_get_job_stats(virDomainPtr dom, int *type, virTypedParameterPtr *params,
                                 int *nparams, unsigned int flags);
int mv_qemu_domain_abort_job(virDomainPtr dom);
int mv_qemu_domain_abort_job_flags(virDomainPtr dom, unsigned int flags);

/* qemu-managed-save.c: the managed save image STATE/save/NAME.save. */
char *mv_qemu_managed_save_path(mv_qemu_state *st, const char *name);
/* Saves VM (lock held, no job) to TO as virDomainSaveFlags does. */
int mv_qemu_save_vm(mv_qemu_state *st, mv_qemu_vm *vm, const char *to, unsigned int flags,
                    int operation);
/* Starts VM from its managed save image (lock held, job on VM); on
 * success the image is removed. */
int mv_qemu_managed_save_restore(virConnectPtr conn, mv_qemu_state *st, mv_qemu_vm *vm,
                                 bool paused);
int mv_qemu_domain_managed_save(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_has_managed_save(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_managed_save_remove(virDomainPtr dom, unsigned int flags);
char *mv_qemu_domain_managed_save_get_xml(virDomainPtr dom, unsigned int flags);
int mv_qemu_domain_managed_save_define_xml(virDomainPtr dom, const char *dxml,
                                           unsigned int flags);

/* qemu-save.c: QEMU's migration stream into a file. listen makes the unix
 * socket QEMU migrates to; copy writes what arrives there to OUT (lock not
 * held); result polls query-migrate until it ends (JOB names the job in
 * libvirt's message when it was aborted). */
int mv_qemu_listen_unix(const char *path);
int mv_qemu_copy_stream(int lfd, int out, const char *to);
int mv_qemu_migration_result(mv_qemu_state *st, mv_qemu_vm *vm, const char *job);

/* qemu-dump.c */
int mv_qemu_domain_core_dump(virDomainPtr dom, const char *to, unsigned int flags);
int mv_qemu_domain_core_dump_format(virDomainPtr dom, const char *to, unsigned int format,
                                    unsigned int flags);
/* qemu-stats.c: statistics of running guests. */
int mv_qemu_domain_block_stats(virDomainPtr dom, const char *path, virDomainBlockStatsPtr stats);
int mv_qemu_domain_block_stats_flags(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int *nparams,
                                     unsigned int flags);
int mv_qemu_domain_interface_stats(virDomainPtr dom, const char *device,
                                   virDomainInterfaceStatsPtr stats);
int mv_qemu_domain_memory_stats(virDomainPtr dom, virDomainMemoryStatPtr stats,
                                unsigned int nr_stats, unsigned int flags);
int mv_qemu_domain_set_memory_stats_period(virDomainPtr dom, int period, unsigned int flags);
int mv_qemu_domain_get_block_info(virDomainPtr dom, const char *path, virDomainBlockInfoPtr info,
                                  unsigned int flags);
/* The index of the disk of DEF whose target or source is PATH, or -1. */
int mv_qemu_disk_index(const mv_domain_def *def, const char *path);
/* The query-block entry (in REPLY) of disk I, by its format node; NULL
 * when QEMU does not report it. */
JsonObject *mv_qemu_block_entry(JsonNode *reply, size_t i);
/* qemu-iotune.c: block I/O throttling. apply_defined sends every disk's
 * <iotune> to the starting guest (in its start job). */
int mv_qemu_iotune_apply_defined(mv_qemu_state *st, mv_qemu_vm *vm);
/* The definition's balloon statistics period (<memballoon><stats
 * period>), given to QEMU at start as libvirt gives it. */
int mv_qemu_balloon_period_apply(mv_qemu_state *st, mv_qemu_vm *vm);
int mv_qemu_domain_get_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int *nparams,
                                     unsigned int flags);
int mv_qemu_domain_set_block_io_tune(virDomainPtr dom, const char *path,
                                     virTypedParameterPtr params, int nparams,
                                     unsigned int flags);
int mv_qemu_connect_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms,
                                         unsigned int ndoms, unsigned int stats,
                                         virDomainStatsRecordPtr **retStats, unsigned int flags);
/* qemu-vcpu.c: vCPU threads, their pinning and the emulator's, CPU time. */
int mv_qemu_domain_vcpu_info(virDomainPtr dom, virVcpuInfoPtr info, int maxinfo,
                             unsigned char *cpumaps, int maplen);
int mv_qemu_domain_pin_vcpu_flags(virDomainPtr dom, unsigned int vcpu, unsigned char *cpumap,
                                  int maplen, unsigned int flags);
int mv_qemu_domain_get_vcpu_pin_info(virDomainPtr dom, int ncpumaps, unsigned char *cpumaps,
                                     int maplen, unsigned int flags);
int mv_qemu_domain_pin_emulator(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                unsigned int flags);
int mv_qemu_domain_get_emulator_pin_info(virDomainPtr dom, unsigned char *cpumap, int maplen,
                                         unsigned int flags);
/* At start (lock held, a job on VM, QEMU paused) and after a vCPU is
 * plugged: the vCPU threads and the emulator's take the live definition's
 * <vcpupin>/<emulatorpin>, else <vcpu cpuset>. */
int mv_qemu_vcpu_pins_apply(mv_qemu_state *st, mv_qemu_vm *vm);
/* The CPUs of libvirt's map MAP (MAPLEN bytes) as a set: whether any. */
bool mv_qemu_map_to_set(const unsigned char *map, int maplen, cpu_set_t *set);
/* Thread TID onto SET: 0, or -1 with libvirt's error. */
int mv_qemu_thread_pin(pid_t tid, const cpu_set_t *set);
/* The thread ids of the online vCPUs by index (0: offline) from QMP
 * query-cpus-fast, in a job (the lock is dropped meanwhile), asked once
 * per process and again after a plug, as libvirt keeps them; *N is the
 * array's length (vcpus_max). -1 with an error. */
int mv_qemu_vcpu_threads(mv_qemu_state *st, mv_qemu_vm *vm, pid_t **tids, int *n);
/* Forgets the vCPU threads kept for VM (a vCPU was plugged). */
void mv_qemu_vcpu_threads_forget(mv_qemu_vm *vm);
/* A vCPU thread's CPU time, its time waiting for a host CPU (where the
 * kernel keeps scheduler statistics; else 0) and its time queued, in ns. */
typedef struct mv_qemu_vcpu_times {
    unsigned long long time, wait, delay;
} mv_qemu_vcpu_times;
void mv_qemu_vcpu_thread_times(pid_t pid, pid_t tid, mv_qemu_vcpu_times *t);
int mv_qemu_domain_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params,
                                 unsigned int nparams, int start_cpu, unsigned int ncpus,
                                 unsigned int flags);

/* qemu-iothread.c: the I/O threads QEMU runs (query-iothreads) and their
 * pins. */
int mv_qemu_domain_get_iothread_info(virDomainPtr dom, virDomainIOThreadInfoPtr **info,
                                     unsigned int flags);
int mv_qemu_domain_pin_iothread(virDomainPtr dom, unsigned int iothread_id,
                                unsigned char *cpumap, int maplen, unsigned int flags);
int mv_qemu_domain_add_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags);
int mv_qemu_domain_del_iothread(virDomainPtr dom, unsigned int iothread_id, unsigned int flags);
int mv_qemu_domain_set_iothread_params(virDomainPtr dom, unsigned int iothread_id,
                                       virTypedParameterPtr params, int nparams,
                                       unsigned int flags);
/* One I/O thread QEMU runs: N of its object "iothreadN", its host thread
 * and, where QEMU reported them (POLL_VALID), its polling values as they
 * were when asked. */
typedef struct {
    unsigned int id;
    pid_t tid;
    bool poll_valid;
    unsigned long long poll_max_ns;
    unsigned int poll_grow;
    unsigned int poll_shrink;
} mv_qemu_iothread_tid;
/* The I/O threads QEMU runs, in its order, as libvirt reads them
 * (query-iothreads, asked once per process and again after a hotplug):
 * *OUT an array of mv_qemu_iothread_tid the caller frees. In a job (the
 * lock is dropped around QMP): 0, or -1 with an error. */
int mv_qemu_iothread_list(mv_qemu_state *st, mv_qemu_vm *vm, GArray **out);
void mv_qemu_iothread_list_forget(mv_qemu_vm *vm);
/* The same, QEMU asked again now (its polling values may have changed
 * since the list was kept; the kept list is replaced). */
int mv_qemu_iothread_query(mv_qemu_state *st, mv_qemu_vm *vm, GArray **out);
/* Appends the host thread ids of the I/O threads QEMU runs to OUT (pid_t),
 * as above. */
int mv_qemu_iothread_tids(mv_qemu_state *st, mv_qemu_vm *vm, GArray *out);
/* At start (lock held, a job on VM, QEMU paused): each I/O thread takes its
 * <iothreadpin>, else the <vcpu cpuset>, else every host CPU. */
int mv_qemu_iothread_pins_apply(mv_qemu_state *st, mv_qemu_vm *vm);

/* qemu-cgroup.c: the guest's cgroup (ST->lock held). Made once QEMU runs
 * paused, with the definition's limits, QEMU moved in: 0, or -1 with an
 * error (a guest without limits runs without one where none can be made). */
int mv_qemu_cgroup_setup(mv_qemu_state *st, mv_qemu_vm *vm);
/* QEMU ended: the cgroup is removed. */
void mv_qemu_cgroup_release(mv_qemu_vm *vm);
/* Its directories as status lines, and back. */
void mv_qemu_cgroup_status(GString *s, const mv_qemu_vm *vm);
mv_cgroup *mv_qemu_cgroup_from_status(const char *text);
/* The threads' cgroups, as libvirt makes them, in a job: with EMULATOR
 * every thread of QEMU into "emulator" first, then each online vCPU's
 * thread into "vcpuN" and each I/O thread into "iothreadN", each child
 * given its <cputune> bandwidth and pin (cpuset.cpus). Also after a vCPU
 * hot-plug (EMULATOR false). 0, or -1 with an error. */
int mv_qemu_cgroup_threads(mv_qemu_state *st, mv_qemu_vm *vm, bool emulator);
/* Child KIND/ID of VM's cgroup, which must exist; NULL with an error. */
mv_cgroup *mv_qemu_cgroup_child(mv_qemu_vm *vm, mv_cgroup_thread kind, unsigned int id);
/* A live pin in the cpuset of child KIND/ID, where the guest's cgroup has
 * a cpuset (before the threads' affinity is set, as libvirt does). */
int mv_qemu_cgroup_pin(mv_qemu_vm *vm, mv_cgroup_thread kind, unsigned int id, const char *cpus);
/* An I/O thread added while running: child "iothreadN" with the
 * <iothread_period>/<iothread_quota> and the thread's pin (else <vcpu
 * cpuset>), thread TID moved in; removed: its child removed. No-ops where
 * the guest has neither a cpu nor a cpuset cgroup. */
int mv_qemu_cgroup_iothread_add(mv_qemu_vm *vm, unsigned int id, pid_t tid);
int mv_qemu_cgroup_iothread_remove(mv_qemu_vm *vm, unsigned int id);
/* PERIOD and QUOTA (each where not 0) as the CFS bandwidth of CG. */
int mv_qemu_cgroup_set_bw(mv_cgroup *cg, unsigned long long period, long long quota);

/* qemu-sched.c: the scheduler calls ("posix"). */
char *mv_qemu_get_scheduler_type(virDomainPtr dom, int *nparams);
int mv_qemu_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                 unsigned int flags);
int mv_qemu_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                 unsigned int flags);

/* qemu-tune.c: the memory and block I/O tunables. */
int mv_qemu_get_memory_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                              unsigned int flags);
int mv_qemu_set_memory_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                              unsigned int flags);
int mv_qemu_get_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                             unsigned int flags);
int mv_qemu_set_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                             unsigned int flags);

#endif
