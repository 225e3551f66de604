/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* plugins/lxc/lxc.h — what the files of the lxc plugin share: the driver
 * state (one per root, shared by the connections on it), domains and their
 * running containers, the start plan handed to the forked supervisor, the
 * cgroup handle, and the helpers each file provides.
 *
 * Process model: the driver forks one supervisor per running container
 * (its own session, stdio to log/lxc/NAME.log). The supervisor clones the
 * container's init into new namespaces, keeps the console pty master and
 * waits for init; when init is gone it removes the cgroups and writes an
 * exit record. The driver watches supervisors through pidfds (they need
 * not be its children), so any process opening the URI re-attaches. */
#ifndef MV_LXC_H
#define MV_LXC_H

#include <modvirt-plugin/plugin.h>
#include <modvirt-plugin/conf-domain.h>
#include <modvirt-plugin/conf-domain-devices.h>
#include <modvirt-plugin/domain-list.h>
#include <modvirt-plugin/cgroup.h>

#include <glib.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/types.h>

#define MV_LXC_SRC "plugin.lxc"
#define MV_LXC_ERR VIR_FROM_LXC
/* Our own settings, kept in <metadata> (libvirt has no XML for them). */
#define MV_LXC_META_NS "https://modvirt.org/schemas/lxc/1.0"
#define MV_LXC_DEFAULT_PIDS 4096

/* ---- cgroups ----------------------------------------------------------
 * The machinery is the plugin API's (<modvirt-plugin/cgroup.h>); a
 * container's cgroup is made in lxc-cgroup.c. */

/* ---- our settings in <metadata> (lxc-xml.c) ---------------------------- */
typedef struct mv_lxc_extra {
    unsigned long long pids_max;     /* metadata; 0 = default */
    bool cgroupns;                   /* metadata: own cgroup namespace */
} mv_lxc_extra;

/* ---- the start plan (lxc-plan.c), read by the supervisor -------------- */
/* <idmap> entries per kind the driver accepts (the supervisor writes each
 * map in one write of at most 512 bytes). */
#define MV_LXC_MAX_IDMAP 8

typedef struct mv_lxc_idmap {
    unsigned int start, target, count;
} mv_lxc_idmap;

typedef struct mv_lxc_mount {
    char *src;          /* canonical host path */
    char *dst;          /* path inside the container */
    bool readonly;
} mv_lxc_mount;

typedef struct mv_lxc_netif {
    char host[16];      /* host end, on the bridge */
    char guest_tmp[16]; /* guest end before it moves */
    char guest[16];     /* its name in the container: eth0, eth1, ... */
    char bridge[16];
    unsigned char mac[6];
    bool auto_name;     /* host is ours to pick: vethN, the next N if taken */
    bool created;       /* by the supervisor, so its to delete */
} mv_lxc_netif;

typedef struct mv_lxc_plan {
    char *name;
    char uuid[37];
    char *root;             /* canonical root directory; NULL: host's, read-only */
    bool root_readonly;
    char *stage;            /* mount point for the new root */
    mv_lxc_mount *mounts;
    size_t nmounts;
    char **argv;            /* init and its arguments */
    char **envp;
    char *initdir;
    mv_lxc_netif *nets;
    size_t nnets;
    mv_lxc_extra extra;     /* cgroupns */
    mv_lxc_idmap uid[MV_LXC_MAX_IDMAP], gid[MV_LXC_MAX_IDMAP];   /* def->idmap */
    size_t nuid, ngid;      /* 0: no user namespace */
    char *hostname;
    /* cgroups the init joins and the supervisor removes */
    char **cg_procs;        /* NULL-terminated cgroup.procs files */
    char **cg_dirs;         /* NULL-terminated, deepest first */
    char *cg_kill;          /* cgroup.kill of the cgroup2 dir, or NULL */
    char *cg_oom;           /* memory.oom_control / memory.events, or NULL */
    char *console_path;     /* the pty slave: /dev/pts/N */
    int console_fd;         /* the pty master */
    int log_fd;
    int status_fd;          /* write end of the pipe to the starting driver */
    int lock_fd;            /* RUN/NAME.lock, flock'ed: the supervisor keeps it */
    char *exit_path;        /* the exit record the supervisor writes */
    char *init_path;        /* "PID STARTTIME" of the current init */
} mv_lxc_plan;

/* Supervisor -> driver: "OK <initpid> <host end>...\n" or "ERR <message>\n". */

/* ---- domains and the state (lxc-state.c) ------------------------------ */
typedef struct mv_lxc_run {
    pid_t sup_pid;
    unsigned long long sup_start;   /* /proc/PID/stat starttime */
    int sup_pidfd;                  /* -1 when not watching */
    pid_t init_pid;
    unsigned long long init_start;
    pid_t seen_init;                /* the init the last reboot event was about */
    mv_cgroup *cg;
    char *console_path;
    bool stopping;                  /* destroy/shutdown asked by us */
    int stop_reason;                /* virDomainShutoffReason when we asked */
} mv_lxc_run;

/* What the driver keeps about a domain of ST->doms besides what the list
 * keeps (definitions, state, persistence, autostart): the private data of
 * its mv_domain_obj, freed with it. */
typedef struct mv_lxc_dom {
    mv_domain_obj *obj;             /* the domain; obj->priv is this */
    mv_lxc_extra extra;             /* the metadata settings of the run */
    mv_lxc_run run;
} mv_lxc_dom;

typedef struct mv_lxc_state {
    /* The core's state of this root: its directories (the strings below
     * are its), and whether a read-write connection opened it
     * (mv_lxc_writable); until then nothing is started, cleaned up or
     * written. */
    mv_driver_state *root;
    const char *config_dir, *run_dir, *log_dir;
    unsigned int cg_tag;            /* distinguishes roots in cgroup names */
    bool embedded;
    char *embed_root;               /* canonical root= dir, or NULL */
    pthread_mutex_t lock;
    mv_domain_list *doms;           /* the domains, guarded by lock; each
                                     * obj->priv a mv_lxc_dom */
    mv_event_source *events;
    /* the watcher thread: polls supervisors' pidfds and wake_fd */
    GThread *watcher;
    int wake_fd;                    /* eventfd */
    int notify_fd;                  /* inotify on run_dir: NAME.init = a reboot */
    bool stopping;
    bool autostart_checked;         /* this state asked whether autostart is ours */
} mv_lxc_state;

extern const mv_hypervisor_driver mv_lxc_hypervisor;

/* lxc-state.c */
/* The state of URI's root; READONLY opens load it without changing
 * anything, a read-write one makes it writable. NULL + error. */
mv_lxc_state *mv_lxc_state_acquire(const mv_uri *uri, bool readonly);
void mv_lxc_state_release(mv_lxc_state *st);
/* Whether a read-write connection opened ST: whether it may change things. */
bool mv_lxc_writable(const mv_lxc_state *st);
mv_lxc_state *mv_lxc_lock(virConnectPtr conn);
void mv_lxc_unlock(mv_lxc_state *st);
void mv_lxc_wake(mv_lxc_state *st);
/* The driver's part of OBJ, made for a domain the list has just added. */
mv_lxc_dom *mv_lxc_dom_of(mv_domain_obj *obj);
/* The domain named NAME, or NULL (no error). */
mv_lxc_dom *mv_lxc_dom_find_name(mv_lxc_state *st, const char *name);
/* The domain of DOM with the state locked, or NULL (unlocked, error set). */
mv_lxc_dom *mv_lxc_dom_lock(virDomainPtr dom, mv_lxc_state **stp);
bool mv_lxc_dom_active(const mv_lxc_dom *d);
virDomainPtr mv_lxc_dom_handle(virConnectPtr conn, const mv_lxc_dom *d);
void mv_lxc_dom_event(mv_lxc_state *st, const mv_lxc_dom *d, int event, int detail);
/* KIND's directory/NAME EXT on ST's root (g_malloc'd). */
char *mv_lxc_path(const mv_lxc_state *st, mv_path_kind kind, const char *name, const char *ext);
int mv_lxc_config_save(mv_lxc_state *st, const mv_domain_def *def);
int mv_lxc_config_remove(mv_lxc_state *st, const char *name);
int mv_lxc_autostart_set(mv_lxc_state *st, const char *name, bool on);

/* lxc-status.c: runtime status files (run/lxc/NAME.xml) */
/* 0, or -1 with an error naming the container; a no-op in a state no
 * read-write connection opened. */
int mv_lxc_status_save(mv_lxc_state *st, const mv_lxc_dom *d);
void mv_lxc_status_remove(mv_lxc_state *st, const char *name);
/* Re-attaches to the containers whose supervisor still runs and which are
 * not active here yet; one that ended is reported shut off with the reason
 * its supervisor recorded, and (when the state is writable) cleaned up.
 * Loading again is how a state loaded read-only catches up when it
 * becomes writable. */
void mv_lxc_status_load_all(mv_lxc_state *st);

/* lxc-xml.c */
extern const mv_domain_xmlopt mv_lxc_xmlopt;
/* The core's parser with the driver's checks; EX gets the metadata settings. */
mv_domain_def *mv_lxc_parse(const char *xml, unsigned int parse_flags, mv_lxc_extra *ex);
/* The metadata settings of DEF (parsed, so valid): 0, or -1 with an error. */
int mv_lxc_extra_of(const mv_domain_def *def, mv_lxc_extra *ex);

/* lxc-start.c */
/* Starts D (frozen with PAUSED); 0, or -1 with an error and nothing left
 * running, also when its status cannot be saved. */
int mv_lxc_start(mv_lxc_state *st, mv_lxc_dom *d, virConnectPtr conn, int reason, bool paused);
int mv_lxc_stop(mv_lxc_state *st, mv_lxc_dom *d, int reason);
void mv_lxc_exited(mv_lxc_state *st, mv_lxc_dom *d);
/* Why NAME's container ended, from the exit record its supervisor left:
 * a virDomainShutoffReason (failed when there is none). */
int mv_lxc_exit_reason(mv_lxc_state *st, const char *name);
void mv_lxc_init_changed(mv_lxc_state *st, mv_lxc_dom *d);
void mv_lxc_report_not_running(void);
/* lxc-lifecycle.c */
/* Starts the autostart domains, once per boot and root whichever process
 * opens it first read-write (mv_driver_state_autostart_claim). */
void mv_lxc_autostart_all(mv_lxc_state *st, virConnectPtr conn);

/* lxc-plan.c */
mv_lxc_plan *mv_lxc_plan_new(mv_lxc_state *st, const mv_lxc_dom *d, virConnectPtr conn);
void mv_lxc_plan_free(mv_lxc_plan *p);

/* lxc-supervisor.c: runs in the forked child; never returns. */
G_GNUC_NORETURN void mv_lxc_supervisor_main(mv_lxc_plan *p);
/* lxc-container.c: runs in the cloned init; returns only on failure
 * after writing the reason to ERRFD. */
int mv_lxc_container_main(mv_lxc_plan *p, int syncfd, int errfd);

/* lxc-cgroup.c: the container's cgroup "mvlxc-TAG-NAME", with its
 * memory, CPU, pids and device limits. */
mv_cgroup *mv_lxc_cgroup_create(const mv_lxc_state *st, const mv_lxc_dom *d);

/* lxc-netlink.c: raw rtnetlink, safe after fork (no allocation). Each
 * returns 0 or a negative errno. */
int mv_lxc_nl_veth_create(const char *host, const char *guest, const unsigned char *mac);
int mv_lxc_nl_link_set(const char *name, const char *master, bool up, pid_t netns_pid);
int mv_lxc_nl_link_delete(const char *name);

/* lxc-supervisor.c */
/* strerror without gettext (whose locks a forked child must not take). */
const char *mv_lxc_strerror(int err);

/* lxc-host.c */
char *mv_lxc_get_capabilities(virConnectPtr conn);
int mv_lxc_node_get_info(virConnectPtr conn, virNodeInfoPtr info);
int mv_lxc_get_max_vcpus_conn(virConnectPtr conn, const char *type);

/* lxc-console.c */
int mv_lxc_domain_open_console(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                               unsigned int flags);

/* lxc-domain.c (driver slots used in lxc-plugin.c) */
int mv_lxc_list_all(virConnectPtr conn, virDomainPtr **domains, unsigned int flags);
virDomainPtr mv_lxc_lookup_id(virConnectPtr conn, int id);
virDomainPtr mv_lxc_lookup_uuid(virConnectPtr conn, const unsigned char *uuid);
virDomainPtr mv_lxc_lookup_name(virConnectPtr conn, const char *name);
virDomainPtr mv_lxc_define(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_lxc_undefine(virDomainPtr dom, unsigned int flags);
char *mv_lxc_get_xml(virDomainPtr dom, unsigned int flags);
int mv_lxc_get_info(virDomainPtr dom, virDomainInfoPtr info);
int mv_lxc_get_state(virDomainPtr dom, int *state, int *reason, unsigned int flags);
char *mv_lxc_get_os_type(virDomainPtr dom);
unsigned long long mv_lxc_get_max_memory(virDomainPtr dom);

/* lxc-tune.c: the memory and block I/O tunables. */
int mv_lxc_get_memory_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                             unsigned int flags);
int mv_lxc_set_memory_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                             unsigned int flags);
int mv_lxc_get_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                            unsigned int flags);
int mv_lxc_set_blkio_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                            unsigned int flags);

/* lxc-sched.c */
char *mv_lxc_get_scheduler_type(virDomainPtr dom, int *nparams);
/* lxc-metadata.c */
int mv_lxc_set_metadata(virDomainPtr dom, int type, const char *metadata, const char *key,
                        const char *uri, unsigned int flags);
char *mv_lxc_get_metadata(virDomainPtr dom, int type, const char *uri, unsigned int flags);
int mv_lxc_get_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int *nparams,
                                unsigned int flags);
int mv_lxc_set_scheduler_params(virDomainPtr dom, virTypedParameterPtr params, int nparams,
                                unsigned int flags);
int mv_lxc_get_vcpus(virDomainPtr dom, unsigned int flags);
int mv_lxc_set_memory(virDomainPtr dom, unsigned long memory, unsigned int flags);
int mv_lxc_get_max_vcpus(virDomainPtr dom);
int mv_lxc_get_autostart(virDomainPtr dom, int *autostart);
int mv_lxc_set_autostart(virDomainPtr dom, int autostart);
int mv_lxc_is_active(virDomainPtr dom);
int mv_lxc_is_persistent(virDomainPtr dom);
int mv_lxc_is_updated(virDomainPtr dom);

/* lxc-lifecycle.c, lxc-signal.c slots */
virDomainPtr mv_lxc_create_xml(virConnectPtr conn, const char *xml, unsigned int flags);
int mv_lxc_create(virDomainPtr dom, unsigned int flags);
int mv_lxc_destroy(virDomainPtr dom, unsigned int flags);
int mv_lxc_shutdown(virDomainPtr dom, unsigned int flags);
int mv_lxc_reboot(virDomainPtr dom, unsigned int flags);
int mv_lxc_suspend(virDomainPtr dom);
int mv_lxc_resume(virDomainPtr dom);

/* ---- statistics (lxc-stats.c) ----------------------------------------- */
int mv_lxc_interface_stats(virDomainPtr dom, const char *device,
                           virDomainInterfaceStatsPtr stats);
int mv_lxc_memory_stats(virDomainPtr dom, virDomainMemoryStatPtr stats, unsigned int nr_stats,
                        unsigned int flags);
int mv_lxc_get_all_domain_stats(virConnectPtr conn, virDomainPtr *doms, unsigned int ndoms,
                                unsigned int stats, virDomainStatsRecordPtr **retStats,
                                unsigned int flags);

/* ---- CPU and block I/O statistics (lxc-stats-cgroup.c) ---------------- */
int mv_lxc_get_cpu_stats(virDomainPtr dom, virTypedParameterPtr params, unsigned int nparams,
                         int start_cpu, unsigned int ncpus, unsigned int flags);
int mv_lxc_block_stats(virDomainPtr dom, const char *path, virDomainBlockStatsPtr stats);
int mv_lxc_block_stats_flags(virDomainPtr dom, const char *path, virTypedParameterPtr params,
                             int *nparams, unsigned int flags);

/* ---- the guest's network identity (lxc-guest.c) ------------------------ */
char *mv_lxc_get_hostname(virDomainPtr dom, unsigned int flags);
int mv_lxc_interface_addresses(virDomainPtr dom, virDomainInterfacePtr **ifaces,
                               unsigned int source, unsigned int flags);
int mv_lxc_has_managed_save_image(virDomainPtr dom, unsigned int flags);

#endif
