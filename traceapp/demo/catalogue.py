"""The ward the demo describes: its agencies and staff, streets and names, and what each kind of business makes.

Fixed data only; the random choices among it are made in :mod:`traceapp.demo.market`.
"""

from __future__ import annotations

from traceapp.models import BusinessKind, ProductCategory, Role

AGENCIES = [
    ("Phòng Văn hóa – Xã hội phường Đức Phổ", "VH-XH"),
    ("Công an phường Đức Phổ", "CA phường"),
    ("Phòng Kinh tế, Hạ tầng và Đô thị phường Đức Phổ", "KT-HT-ĐT"),
    ("Trung tâm Cung ứng dịch vụ công phường Đức Phổ", "TT DVC"),
    ("Ban Thường trực Ủy ban MTTQ Việt Nam phường Đức Phổ", "UBMTTQ"),
    ("Đội Quản lý thị trường số 5, Chi cục QLTT tỉnh Quảng Ngãi", "QLTT"),
]

STAFF = [
    # name, phone, email, role, agency short name
    ("Quản trị hệ thống", "0900000001", "admin@ducpho.example", Role.ADMIN, "VH-XH"),
    ("Nguyễn Thị Thu Hà", "0900000002", "officer@ducpho.example", Role.OFFICER, "VH-XH"),
    ("Trần Văn Minh", "0900000003", "inspector@ducpho.example", Role.INSPECTOR, "VH-XH"),
    ("Lê Quang Huy", "0900000004", "police@ducpho.example", Role.POLICE, "CA phường"),
    ("Phạm Thị Lan", "0900000005", None, Role.INSPECTOR, "QLTT"),
]

QUARTERS = [
    "Khu phố 1",
    "Khu phố 2",
    "Khu phố 3",
    "Khu phố 4",
    "Khu phố 5",
    "Khu phố 6",
    "Tổ dân phố Thạch Thang",
    "Tổ dân phố Sa Huỳnh",
    "Tổ dân phố Phổ Thạnh",
    "Tổ dân phố Châu Me",
]
STREETS = [
    "Quốc lộ 1A",
    "đường Nguyễn Nghiêm",
    "đường Huỳnh Công Thiệu",
    "đường Phạm Văn Đồng",
    "đường Lê Thánh Tôn",
    "đường Nguyễn Trãi",
    "đường Trần Hưng Đạo",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
GIVEN = [
    "Văn An",
    "Thị Bích",
    "Minh Châu",
    "Quốc Dũng",
    "Thị Hoa",
    "Văn Hùng",
    "Thị Mai",
    "Thanh Nam",
    "Thị Ngọc",
    "Đức Phúc",
    "Thị Thu",
    "Văn Tâm",
]

# (product name, category, unit, net quantity, shelf life days, standard, ingredients)
CATALOGUE = {
    "fish_sauce": [
        (
            "Nước mắm cá cơm Sa Huỳnh 40 độ đạm",
            ProductCategory.SEAFOOD,
            "chai",
            "500 ml",
            730,
            "TCVN 5107:2018",
            "Cá cơm, muối biển Sa Huỳnh",
        ),
        (
            "Nước mắm nhĩ Sa Huỳnh 30 độ đạm",
            ProductCategory.SEAFOOD,
            "chai",
            "750 ml",
            730,
            "TCVN 5107:2018",
            "Cá cơm, muối",
        ),
        ("Mắm ruốc Sa Huỳnh", ProductCategory.SEAFOOD, "hũ", "250 g", 365, "TCCS 01:2024", "Ruốc biển, muối"),
    ],
    "salt": [
        ("Muối biển Sa Huỳnh", ProductCategory.FOOD, "gói", "1 kg", 1095, "TCVN 9639:2013", "Muối biển"),
        ("Muối tôm Sa Huỳnh", ProductCategory.FOOD, "hũ", "200 g", 365, "TCCS 02:2024", "Muối, tôm khô, ớt, tỏi"),
    ],
    "seafood": [
        ("Mực khô Sa Huỳnh", ProductCategory.SEAFOOD, "kg", "500 g", 180, "TCVN 10734:2015", "Mực ống"),
        ("Cá cơm sấy khô", ProductCategory.SEAFOOD, "gói", "300 g", 270, "TCCS 03:2024", "Cá cơm"),
        ("Tôm khô Đức Phổ", ProductCategory.SEAFOOD, "gói", "250 g", 270, "TCCS 04:2024", "Tôm biển"),
        ("Cá thu một nắng", ProductCategory.SEAFOOD, "kg", "1 kg", 30, "TCCS 05:2024", "Cá thu, muối"),
    ],
    "agri": [
        ("Tinh bột nghệ Phổ Thạnh", ProductCategory.AGRICULTURE, "hũ", "100 g", 730, "TCVN 12109:2017", "Củ nghệ vàng"),
        ("Bột nghệ vàng nguyên chất", ProductCategory.AGRICULTURE, "gói", "500 g", 540, "TCCS 06:2024", "Củ nghệ"),
        ("Gạo Đức Phổ", ProductCategory.AGRICULTURE, "bao", "5 kg", 365, "TCVN 11888:2017", "Gạo"),
        ("Mạch nha Thi Phổ", ProductCategory.FOOD, "hũ", "500 g", 365, "TCCS 07:2024", "Mầm lúa, gạo nếp"),
    ],
    "other": [
        ("Nón lá Đức Phổ", ProductCategory.CRAFT, "chiếc", "1 chiếc", 0, "", "Lá buông, tre"),
        ("Bánh tráng nướng mè", ProductCategory.FOOD, "xấp", "10 cái", 120, "TCCS 08:2024", "Bột gạo, mè, muối"),
        ("Rượu nếp Phổ Cường", ProductCategory.BEVERAGE, "chai", "500 ml", 730, "TCVN 7043:2013", "Gạo nếp, men"),
    ],
}

BUSINESS_PLANS = (
    [
        (BusinessKind.COMPANY, f"Công ty TNHH {name}", sector)
        for name, sector in [
            ("Nước mắm Sa Huỳnh Xanh", "fish_sauce"),
            ("Thủy sản Biển Đức Phổ", "seafood"),
            ("Muối Sa Huỳnh", "salt"),
            ("Thực phẩm Quảng Ngãi Xanh", "agri"),
            ("Hải sản Mỹ Á", "seafood"),
            ("Nước mắm Cô Tư", "fish_sauce"),
            ("Nông sản Phổ Vinh", "agri"),
            ("Thương mại Thạch Thang", "other"),
            ("Thực phẩm Phổ Quang", "other"),
            ("Chế biến thủy sản Phổ Châu", "seafood"),
            ("Đặc sản Sa Huỳnh", "salt"),
            ("Nước mắm Lăng Ông", "fish_sauce"),
        ]
    ]
    + [
        (BusinessKind.HOUSEHOLD, f"Hộ kinh doanh {name}", sector)
        for name, sector in [
            ("Bà Năm Nước Mắm", "fish_sauce"),
            ("Cô Ba Khô Mực", "seafood"),
            ("Chú Sáu Muối Tôm", "salt"),
            ("Tạp hóa Hồng Phúc", "other"),
            ("Bánh tráng Bà Tư", "other"),
            ("Hải sản khô Thanh Hà", "seafood"),
            ("Mạch nha Cô Hạnh", "agri"),
            ("Mắm ruốc Út Liên", "fish_sauce"),
            ("Khô cá Bảy Lộc", "seafood"),
            ("Nón lá Chín Thu", "other"),
            ("Gạo sạch Anh Khoa", "agri"),
            ("Rượu nếp Tám Hiền", "other"),
        ]
    ]
    + [
        (BusinessKind.COOPERATIVE, f"Hợp tác xã {name}", sector)
        for name, sector in [
            ("Nông nghiệp Phổ Thạnh", "agri"),
            ("Diêm nghiệp Sa Huỳnh", "salt"),
            ("Thủy sản Phổ Quang", "seafood"),
        ]
    ]
    + [
        (BusinessKind.FACILITY, f"Cơ sở sản xuất {name}", sector)
        for name, sector in [
            ("Nước mắm Hai Thành", "fish_sauce"),
            ("Tinh bột nghệ Phổ Thạnh", "agri"),
            ("Khô mực Đức Minh", "seafood"),
        ]
    ]
)


SECTOR_NAMES = {
    "fish_sauce": "Sản xuất nước mắm",
    "salt": "Sản xuất muối",
    "seafood": "Chế biến hải sản khô",
    "agri": "Chế biến nông sản",
    "other": "Sản xuất, kinh doanh hàng hóa",
}
