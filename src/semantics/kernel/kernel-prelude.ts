/**
 * C declarations of the kernel objects the TypeScript models create and
 * read (devices, dma-bufs, attachments, locks, xarrays …) and the constants
 * kernel code on this path uses. It goes through the same front end and
 * layout engine as the images; a definition found in an image (the series'
 * own files) always takes precedence over the one here.
 */

export const KERNEL_PRELUDE_PATH = '<abi-check emulator kernel prelude>';

export const KERNEL_PRELUDE = String.raw`
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef u64 phys_addr_t;
typedef u64 dma_addr_t;
typedef unsigned int gfp_t;

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define EBADF 9
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define EMFILE 24
#define ENOTTY 25
#define ENOSPC 28
#define ERANGE 34
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define MLX5_MKC_ACCESS_MODE_MTT 1
#define MLX5_MKC_ACCESS_MODE_KSM 3
#define NULL ((void *)0)
#define GFP_KERNEL 0xcc0
#define GFP_USER 0xcc0
#define PAGE_SHIFT 12
#define PAGE_SIZE 4096UL
#define ULONG_MAX (~0UL)
#define U16_MAX 65535
#define U32_MAX 4294967295U
#define XA_PRESENT 0x2000000U
#define DMA_IOVA_USE_SWIOTLB (1ULL << 63)
#define O_CLOEXEC 02000000
#define O_ACCMODE 00000003
#define O_RDWR 00000002
#define PCI_TPH_REQ_DISABLE 0
#define PCI_TPH_REQ_TPH_ONLY 1
#define PCI_TPH_REQ_EXT_TPH 3
#define MLX5_IB_NO_PH 0xff
#define MLX5_MKC_PCIE_TPH_NO_STEERING_TAG_INDEX 0
#define PCI_STD_NUM_BARS 6

enum tph_mem_type { TPH_MEM_TYPE_VM = 1, TPH_MEM_TYPE_PM = 2 };
enum dma_data_direction { DMA_BIDIRECTIONAL = 0, DMA_TO_DEVICE = 1, DMA_FROM_DEVICE = 2, DMA_NONE = 3 };

struct list_head { struct list_head *next; struct list_head *prev; };
typedef struct { int counter; } atomic_t;
typedef struct { atomic_t refs; } refcount_t;
struct kref { refcount_t refcount; };
struct mutex { long owner; };
struct rw_semaphore { long count; };
struct xarray { unsigned int xa_flags; void *xa_head; };
struct xa_limit { u32 max; u32 min; };
struct module { int state; };
struct file { void *private_data; };
struct dma_resv { long lock; };
struct device { const char *init_name; struct device *parent; };
struct scatterlist { unsigned long page_link; unsigned int offset; unsigned int length; dma_addr_t dma_address; };
struct sg_table { struct scatterlist *sgl; unsigned int nents; unsigned int orig_nents; };

struct dma_buf;
struct dma_buf_attachment;

struct dma_buf_ops {
	int (*attach)(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);
	void (*detach)(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);
	int (*pin)(struct dma_buf_attachment *attach);
	void (*unpin)(struct dma_buf_attachment *attach);
	struct sg_table *(*map_dma_buf)(struct dma_buf_attachment *attach, enum dma_data_direction dir);
	void (*unmap_dma_buf)(struct dma_buf_attachment *attach, struct sg_table *sgt, enum dma_data_direction dir);
	void (*release)(struct dma_buf *dmabuf);
	int (*begin_cpu_access)(struct dma_buf *dmabuf, enum dma_data_direction dir);
	int (*end_cpu_access)(struct dma_buf *dmabuf, enum dma_data_direction dir);
	int (*mmap)(struct dma_buf *dmabuf, void *vma);
	int (*vmap)(struct dma_buf *dmabuf, void *map);
	void (*vunmap)(struct dma_buf *dmabuf, void *map);
};

struct dma_buf {
	size_t size;
	struct file *file;
	struct list_head attachments;
	const struct dma_buf_ops *ops;
	unsigned int vmapping_counter;
	const char *exp_name;
	const char *name;
	struct module *owner;
	struct list_head list_node;
	void *priv;
	struct dma_resv *resv;
};

struct dma_buf_attach_ops {
	bool allow_peer2peer;
	void (*move_notify)(struct dma_buf_attachment *attach);
};

struct dma_buf_attachment {
	struct dma_buf *dmabuf;
	struct device *dev;
	struct list_head node;
	bool peer2peer;
	const struct dma_buf_attach_ops *importer_ops;
	void *importer_priv;
	void *priv;
};

struct dma_buf_export_info {
	const char *exp_name;
	struct module *owner;
	const struct dma_buf_ops *ops;
	size_t size;
	int flags;
	struct dma_resv *resv;
	void *priv;
};

#define DMA_BUF_EXPORT_INFO_NAME "vfio-pci"

struct vfio_device_feature {
	__u32 argsz;
	__u32 flags;
	__u8 data[];
};

struct phys_vec { phys_addr_t paddr; size_t len; };
struct p2pdma_provider { struct device *owner; u64 bus_offset; };

struct resource { phys_addr_t start; phys_addr_t end; const char *name; unsigned long flags; };

struct pci_dev {
	struct device dev;
	unsigned short vendor;
	unsigned short device;
	struct resource resource[11];
	u16 tph_cap;
	u8 tph_mode;
	u8 tph_req_type;
	u8 tph_enabled;
	u16 tph_st_table_size;
};

struct vfio_device {
	struct device *dev;
	const void *ops;
	refcount_t refcount;
	unsigned int open_count;
};

struct vfio_pci_core_device;
struct vfio_region_dma_range;

struct vfio_pci_device_ops {
	int (*get_dmabuf_phys)(struct vfio_pci_core_device *vdev, struct p2pdma_provider **provider,
			       unsigned int region_index, struct phys_vec *phys_vec,
			       struct vfio_region_dma_range *dma_ranges, size_t nr_ranges);
};

struct vfio_pci_core_device {
	struct vfio_device vdev;
	struct pci_dev *pdev;
	const struct vfio_pci_device_ops *pci_ops;
	struct rw_semaphore memory_lock;
	struct list_head dmabufs;
	u16 cmd;
	bool bardirty;
};

struct mlx5_st;
struct mlx5_core_dev {
	struct pci_dev *pdev;
	struct mlx5_st *st;
	struct device *device;
};

struct ib_device { struct device dev; const char *name; };
struct ib_pd { struct ib_device *device; void *uobject; };
struct ib_umem { struct ib_device *ibdev; u64 address; size_t length; int writable; };
struct ib_umem_dmabuf {
	struct ib_umem umem;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	void *private;
	u8 pinned : 1;
};
struct ib_mr { struct ib_device *device; struct ib_pd *pd; u32 lkey; u32 rkey; };
struct ib_dmah { struct ib_device *device; u32 cpu_id; u8 ph; u32 valid_fields; };

struct mlx5_ib_dev {
	struct ib_device ib_dev;
	struct mlx5_core_dev *mdev;
};
struct mlx5_ib_dmah { struct ib_dmah ibdmah; u16 st_index; };
struct mlx5_ib_mr {
	struct ib_mr ibmr;
	struct ib_umem *umem;
	u16 st_index;
	u8 ph;
	u32 access_flags;
};

enum { IB_DMAH_CPU_ID_EXISTS = 0, IB_DMAH_MEM_TYPE_EXISTS = 1, IB_DMAH_PH_EXISTS = 2 };
`;
