/* SPDX-License-Identifier: MIT */
/* A namespace instance as its "namespaces[]" record (format/record.h). */
#include "format/record.h"

json_t *ns_record_json_new(const struct ns_record *r)
{
	json_t *o = json_object();
	char id[32];

	ns_instance_id(id, sizeof(id), r->kind, r->num);
	json_object_set_new(o, "id", json_string(id));	/* ours: ns_instance_id()'s */
	json_object_set_new(o, "kind", json_string(ct_ns[r->kind].name));	/* ours: vocabulary */
	json_object_set_new(o, "inode", json_integer((json_int_t)r->inode));
	json_object_set_new(o, "ns_id", r->kid ? json_integer((json_int_t)r->kid) : json_null());
	json_object_set_new(o, "time_ns", json_integer((json_int_t)r->time_ns));
	json_object_set_new(o, "call", r->call ? json_integer(r->call) : json_null());
	json_object_set_new(o, "task", r->task ? json_integer(r->task) : json_null());
	if (r->unseen)
		json_object_set_new(o, "unseen", json_true());
	return o;
}
