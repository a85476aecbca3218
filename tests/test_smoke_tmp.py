from tests.harness import MEMBER, SECRETARY


def test_add_then_list(table):
    result = table.command("/agenda", "add Housing of status holders -- numbers per province", user=MEMBER)
    assert result.status == 200
    print(result.text)
    listed = table.command("/agenda", "list", user=SECRETARY)
    print(listed.text)
    assert "Housing of status holders" in listed.text
