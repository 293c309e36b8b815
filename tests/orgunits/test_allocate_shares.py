from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gdnn.orgunits.selectors import allocate_shares

share = st.one_of(st.none(), st.decimals(min_value="0.000001", max_value="1", places=6))


@given(st.lists(share, min_size=1, max_size=8))
def test_shares_of_any_succession_sum_to_one(shares):
    result = allocate_shares(list(enumerate(shares)))
    assert set(result) == set(range(len(shares)))
    assert abs(sum(result.values()) - Decimal(1)) < Decimal("1e-9")
    assert all(v >= 0 for v in result.values())


def test_known_share_is_kept_and_the_rest_split_evenly():
    assert allocate_shares([(1, Decimal("0.5")), (2, None), (3, None)]) == {
        1: Decimal("0.5"), 2: Decimal("0.25"), 3: Decimal("0.25")
    }
