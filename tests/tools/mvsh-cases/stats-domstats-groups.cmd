domstats --cpu-total --balloon --vcpu --interface --block test
